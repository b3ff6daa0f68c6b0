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

    /// The board of a convoy (nil: every convoy), computed once per snapshot.
    init(_ state: DashboardState, convoy: String?) {
        self = state.snapshot.cache.board(convoy ?? "\u{0}all") { BoardModel(state.snapshot, convoy: convoy) }
    }

    private init(_ snapshot: WorkspaceSnapshot, convoy: String?) {
        let convoys = convoy.map { id in snapshot.convoys.filter { $0.id == id } } ?? snapshot.convoys
        var members: [String: [Position]] = [:]
        var teams: [String] = []
        var seenTeams = Set<String>()
        var kinds = Set<String>()
        var others: [String] = []
        var seenPhases = Set<String>()
        var cells: [String: Cell] = [:]
        for (c, convoy) in convoys.enumerated() {
            for (m, molecule) in convoy.molecules.enumerated() {
                let team = Self.team(molecule)
                if seenTeams.insert(team).inserted { teams.append(team) }
                for step in molecule.steps {
                    if let kind = step.kind {
                        kinds.insert(kind)
                    } else if seenPhases.insert(step.id).inserted {
                        others.append(step.id)
                    }
                }
                let phase = Self.phase(molecule)
                members[Self.key(team, phase), default: []].append(Position(convoy: UInt32(c), molecule: UInt32(m)))
                var cell = cells[Self.key(team, phase), default: Cell()]
                cell.count += 1
                if molecule.overall == .awaitingApproval { cell.awaiting += 1 }
                if molecule.overall == .blocked { cell.blocked += 1 }
                cells[Self.key(team, phase)] = cell
            }
        }
        let ordered = StepKind.allCases.map(\.rawValue).filter(kinds.contains)
        let closing = ["done", "invalid"].filter { phase in teams.contains { cells[Self.key($0, phase)] != nil } }
        phases = ordered + others.filter { !kinds.contains($0) && $0 != "done" && $0 != "invalid" } + closing
        self.teams = teams.sorted { ($0 == Self.noTeam ? 1 : 0, $0) < ($1 == Self.noTeam ? 1 : 0, $1) }
        self.cells = cells
        self.convoys = convoys
        self.members = members.mapValues { positions in
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

    private static func key(_ team: String, _ phase: String) -> String { team + "\u{0}" + phase }

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
