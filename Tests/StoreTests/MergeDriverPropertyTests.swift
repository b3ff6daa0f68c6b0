import Foundation
import TOML
import TestSupport
import Testing

@testable import Store

/// Random operation sequences on three clones of one molecule, merged in every order: the result always
/// parses, is the same whatever the order (apart from `revision` and `updated`), and loses no step advance.
/// A field two clones set to different values ends with one of them and keeps the others in `[conflicts]`:
/// which one wins is decided by the sides' `updated` and may depend on the order (see docs/store.md).
@Suite struct MergeDriverPropertyTests {
    static let steps = ["s1", "s2", "s3", "s4"]
    static let names = ["amy", "bob", "carol", "dan"]
    static let path = ".beads/convoys/c/molecules/m/molecule.toml"

    /// One clone's copy of the molecule, and the fields it changed (paths) with their values.
    struct Clone {
        var table: TOMLTable
        var clock: Int64
    }

    static func time(_ t: Int64) -> TOMLValue { .offsetDateTime(OffsetDateTime(unixSeconds: 1_800_000_000 + t)) }

    static func base() -> TOMLTable {
        var steps = TOMLTable()
        for id in Self.steps { steps[id] = ["status": "pending", "attempt": 1] }
        return [
            "formula": "e2e", "revision": 1, "updated": time(0), "inputs": ["a.md", "b.md"],
            "variables": ["service": "api"], "steps": .table(steps), "agent": ["note": "start"],
        ]
    }

    /// One random operation, as gastown or an agent would write it.
    static func operate(_ clone: inout Clone, _ random: inout SeededGenerator) {
        clone.clock += Int64.random(in: 1...5, using: &random)
        let now = time(clone.clock)
        var table = clone.table
        let step = random.pick(steps)
        var entry = table["steps"]?[step]?.tableValue ?? ["status": "pending", "attempt": 1]
        switch Int.random(in: 0..<8, using: &random) {
        case 0, 1:  // advance the step one state
            switch entry["status"]?.stringValue {
            case "pending": (entry["status"], entry["started"]) = ("active", now)
            case "active": (entry["status"], entry["completed"]) = ("awaiting-approval", now)
            case "awaiting-approval": entry["status"] = "done"
            default: break
            }
        case 2:  // a rejection sends it back
            if entry["status"]?.stringValue == "awaiting-approval" {
                entry["attempt"] = .integer((entry["attempt"]?.integerValue ?? 1) + 1)
                (entry["status"], entry["started"], entry["completed"]) = ("pending", nil, nil)
            }
        case 3: entry["assignee"] = .string(random.pick(names))
        case 4: table["assignee"] = .string(random.pick(names))
        case 5:
            var inputs = table["inputs"]?.arrayValue.map { Array($0) } ?? []
            if random.chance(30), !inputs.isEmpty {
                inputs.remove(at: 0)
            } else {
                inputs.append(.string("in-\(clone.clock).md"))
            }
            table["inputs"] = .array(TOMLArray(inputs))
        case 6:
            var gates = table["gates"]?.tableValue ?? TOMLTable()
            gates["tests"] = [
                "passed": .boolean(random.chance(50)), "summary": .string("run \(clone.clock)"), "checked": now,
            ]
            table["gates"] = .table(gates)
        default:
            var agent = table["agent"]?.tableValue ?? TOMLTable()
            agent["note"] = .string(random.pick(names))
            table["agent"] = .table(agent)
        }
        var steps = table["steps"]?.tableValue ?? TOMLTable()
        steps[step] = .table(entry)
        table["steps"] = .table(steps)
        table["revision"] = .integer((table["revision"]?.integerValue ?? 0) + 1)
        table["updated"] = now
        clone.table = table
    }

    static func text(_ table: TOMLTable) -> [UInt8] {
        Array(("# molecule m\n" + TOMLSerializer.serialize(table)).utf8)
    }

    static func merge(_ base: TOMLTable, _ ours: [UInt8], _ theirs: [UInt8]) throws -> [UInt8] {
        guard case .merged(let bytes) = MergeDriver.merge(base: text(base), ours: ours, theirs: theirs, path: path)
        else {
            throw Failure(description: "the driver did not merge")
        }
        return bytes
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Fields that are plain values (not lattices): each clone's changed value of each.
    static func scalarPaths() -> [[String]] {
        [["assignee"], ["agent", "note"], ["variables", "service"]] + steps.map { ["steps", $0, "assignee"] }
    }

    @Test(arguments: 0..<150) func threeClonesMergeTheSameWhateverTheOrder(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed &* 7919 &+ 11)
        let base = Self.base()
        var clones = (0..<3).map { i in Clone(table: base, clock: Int64(i)) }
        for i in clones.indices {
            for _ in 0..<Int.random(in: 1...8, using: &random) { Self.operate(&clones[i], &random) }
        }
        let texts = clones.map { Self.text($0.table) }
        var results: [TOMLTable] = []
        for order in [[0, 1, 2], [0, 2, 1], [1, 2, 0], [2, 1, 0], [1, 0, 2]] {
            let swap = random.chance(50)
            let first = try Self.merge(base, texts[order[swap ? 1 : 0]], texts[order[swap ? 0 : 1]])
            let bytes =
                try random.chance(50)
                ? Self.merge(base, first, texts[order[2]]) : Self.merge(base, texts[order[2]], first)
            let (file, problems) = MoleculeFile.parse(bytes, name: "m", convoy: "c", file: "molecule.toml")
            #expect(file != nil && problems.isEmpty, "seed \(seed): \(problems)")
            results.append(try TOMLParser.parse(bytes: bytes))
        }
        // No step advance lost: each step is as far along as the furthest clone took it.
        for step in Self.steps {
            let furthest = clones.map { StepMerge.position($0.table["steps"]?[step]?.tableValue ?? [:]) }
                .max { $0.compare($1) == .less }
            for result in results {
                let position = StepMerge.position(result["steps"]?[step]?.tableValue ?? [:])
                #expect(furthest.map { position.compare($0) == .equal } == true, "seed \(seed) step \(step)")
            }
        }
        // Contended fields: one of the values wins, the others are kept as conflicts.
        var contended: [[String]] = []
        for path in Self.scalarPaths() {
            let baseValue = MergeConflicts.value(at: path, in: base)
            let values = Set(
                clones.compactMap { MergeConflicts.value(at: path, in: $0.table) }.filter { $0 != baseValue })
            guard values.count > 1 else { continue }
            contended.append(path)
            for result in results {
                let kept = MergeConflicts.value(at: path, in: result)
                let lost = MergeConflicts.list(in: result).first { $0.path == path }?.lost ?? []
                #expect(kept.map(values.contains) == true, "seed \(seed) \(path)")
                #expect(Set(lost + [kept].compactMap { $0 }) == values, "seed \(seed) \(path): a value was lost")
            }
        }
        // Everything else is the same whatever the order.
        let comparable = results.map { result in
            var table = result
            for key in ["revision", "updated", MergeConflicts.key] { table[key] = nil }
            for path in contended { MergeConflicts.set(nil, at: path, in: &table) }
            return table
        }
        for other in comparable.dropFirst() { #expect(other == comparable[0], "seed \(seed)") }
    }
}
