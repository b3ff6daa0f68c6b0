import Core

/// Teams × phases: which team is stuck in which phase. A molecule's phase is the `kind` of the step it is at
/// (analysis, plan, do, check, document) where its formula gives kinds, else that step's id, so molecules of
/// different formulas meet in the same column; `done` and `invalid` close the row.
struct BoardModel {
    struct Cell: Hashable {
        var count = 0
        var awaiting = 0
        var blocked = 0
    }

    static let noTeam = "(no team)"

    /// Where a molecule is in `convoys`.
    struct Position {
        var convoy: UInt32
        var molecule: UInt32
    }

    let teams: [String]
    let phases: [String]
    private let cells: [String: Cell]
    /// The convoys counted (the snapshot's arrays, shared).
    private let convoys: [ConvoySnapshot]
    /// Each cell's molecules, by convoy and name, as positions: a board of every convoy held a copy of every
    /// molecule (232 bytes each, 23 MB at 100,000).
    private let members: [String: [Position]]

    /// The board of a convoy (nil: every convoy), computed once per snapshot from the convoys' parts (`ConvoyParts`).
    init(_ state: DashboardState, convoy: String?) {
        self = state.snapshot.cache.board(convoy ?? "\u{0}all") { parts in
            guard let convoy else { return parts.allBoard(state.snapshot.convoys) }
            return state.convoy(convoy).map(parts.board(of:)) ?? BoardModel(parts: [], convoys: [])
        }
    }

    /// The board of the convoys from their parts (`parts[i]` of `convoys[i]`): counts added up, phases in order of
    /// first appearance, each cell's molecules by convoy and name.
    init(parts: [BoardPart], convoys: [ConvoySnapshot]) {
        var teams = Set<String>()
        var kinds = Set<String>()
        var others: [String] = []
        var seenOthers = Set<String>()
        var cells: [String: Cell] = [:]
        for part in parts {
            teams.formUnion(part.teams)
            kinds.formUnion(part.kinds)
            for phase in part.others where seenOthers.insert(phase).inserted { others.append(phase) }
            for (key, cell) in part.cells {
                var sum = cells[key, default: Cell()]
                sum.count += cell.count
                sum.awaiting += cell.awaiting
                sum.blocked += cell.blocked
                cells[key] = sum
            }
        }
        let ordered = StepKind.allCases.map(\.rawValue).filter(kinds.contains)
        let closing = ["done", "invalid"].filter { phase in teams.contains { cells[Self.key($0, phase)] != nil } }
        phases = ordered + others.filter { !kinds.contains($0) && $0 != "done" && $0 != "invalid" } + closing
        self.teams = teams.sorted { ($0 == Self.noTeam ? 1 : 0, $0) < ($1 == Self.noTeam ? 1 : 0, $1) }
        self.cells = cells
        self.convoys = convoys
        members = Self.members(parts, convoys)
    }

    /// Each cell's molecules by convoy and name: each part's lists are in that order already, so when each convoy's
    /// molecules name one convoy, and no two convoys the same one, the lists are joined in convoy order; else
    /// sorted again.
    private static func members(_ parts: [BoardPart], _ convoys: [ConvoySnapshot]) -> [String: [Position]] {
        let named = parts.indices.filter { !parts[$0].cells.isEmpty }
        let joinable =
            named.allSatisfy { parts[$0].convoyID != nil }
            && Set(named.map { parts[$0].convoyID }).count == named.count
        let order = joinable ? named.sorted { (parts[$0].convoyID!, $0) < (parts[$1].convoyID!, $1) } : named
        var members: [String: [Position]] = [:]
        for c in order {
            for (key, molecules) in parts[c].members {
                members[key, default: []].append(
                    contentsOf: molecules.lazy.map { Position(convoy: UInt32(c), molecule: $0) })
            }
        }
        guard !joinable else { return members }
        return members.mapValues { positions in
            positions.sorted { a, b in
                let x = convoys[Int(a.convoy)].molecules[Int(a.molecule)]
                let y = convoys[Int(b.convoy)].molecules[Int(b.molecule)]
                return (x.convoyID, x.id) < (y.convoyID, y.id)
            }
        }
    }

    static func team(_ molecule: MoleculeSnapshot) -> String { molecule.team.isEmpty ? noTeam : molecule.team }

    /// The step the molecule is at (the first current one, else the first not done): its kind, else its id.
    static func phase(_ molecule: MoleculeSnapshot) -> String {
        switch molecule.overall {
        case .invalid: return "invalid"
        case .done: return "done"
        default: break
        }
        guard let index = molecule.currentStepIndices.first ?? molecule.steps.firstIndex(where: { $0.state != .done })
        else { return "done" }
        return molecule.steps[index].kind ?? molecule.steps[index].id
    }

    static func key(_ team: String, _ phase: String) -> String { team + "\u{0}" + phase }

    func cell(team: String, phase: String) -> Cell { cells[Self.key(team, phase)] ?? Cell() }

    /// The team and phase at a row and column, if both exist.
    func cell(row: Int, column: Int) -> (team: String, phase: String)? {
        guard row >= 0, row < teams.count, column >= 0, column < phases.count else { return nil }
        return (teams[row], phases[column])
    }

    /// The molecules of one cell, by convoy and name, read in place.
    func molecules(team: String, phase: String) -> Members {
        Members(convoys: convoys, positions: members[Self.key(team, phase)] ?? [])
    }

    /// A cell's molecules: each read from its convoy when asked for (a list draws only the rows it shows).
    struct Members: RandomAccessCollection {
        let convoys: [ConvoySnapshot]
        let positions: [Position]

        var startIndex: Int { 0 }
        var endIndex: Int { positions.count }
        subscript(index: Int) -> MoleculeSnapshot {
            convoys[Int(positions[index].convoy)].molecules[Int(positions[index].molecule)]
        }
    }

    /// A cell as text, readable without colour: `12 ◆3 ✗1` (◆ awaiting, ✗ blocked), `·` when empty.
    static func text(_ cell: Cell) -> String {
        guard cell.count > 0 else { return "·" }
        var text = "\(cell.count)"
        if cell.awaiting > 0 { text += " ◆\(cell.awaiting)" }
        if cell.blocked > 0 { text += " ✗\(cell.blocked)" }
        return text
    }
}

/// What one convoy adds to a board: its teams, phases and cells, and each cell's molecules (their places in the
/// convoy) by convoy and name. Kept per convoy (`ConvoyParts`): the board of every convoy adds up the parts.
struct BoardPart: Sendable {
    let teams: Set<String>
    /// The step kinds its formulas use.
    let kinds: Set<String>
    /// The ids of its steps without a kind, in order of first appearance.
    let others: [String]
    /// By `BoardModel.key(team, phase)`.
    let cells: [String: BoardModel.Cell]
    let members: [String: [UInt32]]
    /// The convoy its molecules name (`MoleculeSnapshot.convoyID`) when they all name the same one.
    let convoyID: String?

    init(_ convoy: ConvoySnapshot) {
        var teams = Set<String>()
        var kinds = Set<String>()
        var others: [String] = []
        var seenPhases = Set<String>()
        var cells: [String: BoardModel.Cell] = [:]
        var members: [String: [UInt32]] = [:]
        let molecules = convoy.molecules
        for m in molecules.indices {
            let molecule = molecules[m]
            let team = BoardModel.team(molecule)
            teams.insert(team)
            for step in molecule.steps {
                if let kind = step.kind {
                    kinds.insert(kind)
                } else if seenPhases.insert(step.id).inserted {
                    others.append(step.id)
                }
            }
            let key = BoardModel.key(team, BoardModel.phase(molecule))
            members[key, default: []].append(UInt32(m))
            var cell = cells[key, default: BoardModel.Cell()]
            cell.count += 1
            if molecule.overall == .awaitingApproval { cell.awaiting += 1 }
            if molecule.overall == .blocked { cell.blocked += 1 }
            cells[key] = cell
        }
        self.teams = teams
        self.kinds = kinds
        self.others = others
        self.cells = cells
        self.members = members.mapValues { places in
            places.sorted {
                (molecules[Int($0)].convoyID, molecules[Int($0)].id) < (
                    molecules[Int($1)].convoyID, molecules[Int($1)].id
                )
            }
        }
        let first = molecules.first?.convoyID
        convoyID = molecules.allSatisfy { $0.convoyID == first } ? first : nil
    }
}
