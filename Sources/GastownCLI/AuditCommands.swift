import ArgumentParser
import Foundation
import Store

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read and verify the hash-chained trail of checkpoint decisions.",
        subcommands: [AuditLog.self, AuditVerify.self]
    )
}

struct AuditLog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Every checkpoint decision (or one molecule's), oldest first.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "Only this molecule's decisions.") var molecule: String?

    func run() throws {
        try runStoreCommand { () throws(StoreError) in
            let store = try options.store()
            var trails: [AuditTrail] = []
            if let molecule {
                trails = [try store.loadMolecule(molecule).trail]
            } else {
                for convoy in store.convoyNames() {
                    for name in store.moleculeNames(in: convoy) {
                        trails.append(AuditTrail(layout: store.layout, convoy: convoy, molecule: name))
                    }
                }
            }
            var all: [(AuditTrail.Entry, AuditTrail)] = trails.flatMap { t in t.entries.map { ($0, t) } }
            all.sort { ($0.0.record.date, $0.0.file) < ($1.0.record.date, $1.0.file) }
            if options.json {
                Output.json(
                    .object([
                        (
                            "decisions",
                            .array(
                                all.map {
                                    StorePresentation.decision($0.0, convoy: $0.1.convoy, molecule: $0.1.molecule)
                                })
                        )
                    ]))
                return
            }
            if all.isEmpty {
                Output.line("no decisions recorded")
                return
            }
            for (entry, trail) in all {
                let r = entry.record
                var text =
                    "\(Timestamp.text(r.date))  \(trail.molecule)  \(r.checkpoint) (attempt \(r.attempt))  \(r.decision.rawValue) by \(r.reviewer)"
                if let to = r.returnedTo { text += " → \(to)" }
                if let reason = r.reason { text += ": \(Output.safe(reason))" }
                if !entry.verified { text += "  [NOT VERIFIED]" }
                Output.line(text)
            }
        }
    }
}

struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every decision record; name each one edited, removed or inserted out of order.",
        discussion: "Exits 0 when every trail verifies and 4 when any record fails.")

    @OptionGroup var options: StoreOptions

    func run() throws {
        try runStoreCommand { () throws(StoreError) in
            let store = try options.store()
            var records = 0
            var molecules = 0
            var forks = 0
            var problems: [StoreProblem] = []
            for convoy in store.convoyNames() {
                for name in store.moleculeNames(in: convoy) {
                    let trail = AuditTrail(layout: store.layout, convoy: convoy, molecule: name)
                    molecules += 1
                    records += trail.entries.count
                    if trail.heads.count > 1 { forks += 1 }
                    problems += trail.problems
                }
            }
            if options.json {
                Output.json(
                    .object([
                        ("verified", .bool(problems.isEmpty)),
                        ("molecules", .integer(molecules)),
                        ("records", .integer(records)),
                        ("unmerged_branches", .integer(forks)),
                        ("problems", .array(problems.map(StorePresentation.problem))),
                    ]))
            } else if problems.isEmpty {
                Output.line("audit trail verified: \(records) decisions in \(molecules) molecules")
            } else {
                for problem in problems { Output.line(Output.safe(problem.description)) }
            }
            if !problems.isEmpty {
                throw StoreError(.auditFailure, "audit trail does not verify: \(problems.count) problem(s)")
            }
        }
    }
}
