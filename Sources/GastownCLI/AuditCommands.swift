import ArgumentParser
import DisplayText
import Foundation
import Store

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read and verify the hash-chained, signed trail of checkpoint decisions and reviewer changes.",
        subcommands: [AuditLog.self, AuditVerify.self, AuditCanonical.self]
    )
}

struct AuditLog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Every checkpoint decision (or one molecule's), oldest first.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "Only this molecule's decisions.") var molecule: String?

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let store = try options.store()
            var trails: [AuditTrail] = []
            if let molecule {
                trails = [try store.loadMolecule(molecule).trail]
            } else {
                let signing = store.signingContext()
                for convoy in try store.convoyNames() {
                    let authority = signing.authority(for: convoy)
                    for name in try store.moleculeNames(in: convoy) {
                        trails.append(
                            AuditTrail(layout: store.layout, convoy: convoy, molecule: name, authority: authority))
                    }
                }
                store.signatureCache?.flush()
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
                if r.signature == nil { text += "  [unsigned]" }
                if !entry.verified { text += "  [NOT VERIFIED]" }
                Output.line(text)
            }
        }
    }
}

struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Check every decision and reviewer change: the hash chains, every signature (never from the cache), the pinned reviewer-trail genesis and signing policy.",
        discussion:
            "Names each record edited, removed, inserted out of order, unsigned, forged, signed by someone who was not a reviewer, or dated in the future, and each convoy whose convoy.toml reviewers differ from its signed reviewer trail. Exits 0 when everything verifies and 4 when anything fails."
    )

    @OptionGroup var options: StoreOptions

    func run() throws {
        try runStoreCommandReturningCode(json: options.json) { () throws(StoreError) -> Int32 in
            let store = try options.store()
            let report = store.verifyAudit()
            let (records, molecules, forks, problems) = (
                report.records, report.molecules, report.unmergedBranches, report.problems
            )
            let failure = StoreError(.auditFailure, "audit trail does not verify: \(problems.count) problem(s)")
            if options.json {
                var members: [(String, JSON)] = [
                    ("verified", .bool(problems.isEmpty)),
                    ("molecules", .integer(molecules)),
                    ("records", .integer(records)),
                    ("reviewer_changes", .integer(report.reviewerChanges)),
                    ("signing", .string(report.signing.rawValue)),
                    ("unmerged_branches", .integer(forks)),
                    ("problems", .array(problems.map(StorePresentation.problem))),
                ]
                if !problems.isEmpty { members.append(("error", Exit.errorJSON(failure))) }
                Output.json(.object(members))
            } else if problems.isEmpty {
                Output.line(
                    "audit trail verified: \(records) decisions in \(molecules) molecules, \(report.reviewerChanges) reviewer changes\(report.signing == .unsigned ? " (unsigned workspace: signatures are not required)" : ", every signature checked")"
                )
            } else {
                for problem in problems { Output.line(Output.safe(problem.description)) }
            }
            guard problems.isEmpty else {
                Output.error(failure.message)
                return Exit.auditFailure
            }
            return Exit.ok
        }
    }
}

/// `gastown audit canonical FILE`: the text a record's hash and signature cover, for checking it by hand.
struct AuditCanonical: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "canonical",
        abstract: "Print the canonical text of a decision or reviewer-change record (what its signature covers).",
        discussion: """
            Check a record with OpenSSH alone:
              gastown audit canonical FILE > canonical
              sed -n '/BEGIN SSH SIGNATURE/,/END SSH SIGNATURE/p' FILE > sig
              ssh-keygen -Y verify -f <(gastown convoy signers C) -I REVIEWER -n gastown -s sig < canonical
            --json prints {"canonical", "signer", "identity", "signature"}.
            """)

    @OptionGroup var options: StoreOptions
    @Argument(help: "A record file (checkpoints/*.toml or reviewers/*.toml).") var file: String

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let path = PathResolution.absolute(file, from: FileManager.default.currentDirectoryPath)
            let contents = try SignedRecordFile.read(path)
            if options.json {
                Output.json(
                    .object([
                        ("canonical", .string(String(decoding: contents.canonicalText, as: UTF8.self))),
                        ("signer", contents.signer.isEmpty ? .null : .string(contents.signer)),
                        ("identity", .string(contents.identity)),
                        ("signature", .optional(contents.signature)),
                    ]))
                return
            }
            // Piped: the exact bytes the signature covers. On a terminal: shown safely (untrusted text).
            if isatty(STDOUT_FILENO) != 0 {
                FileHandle.standardOutput.write(
                    Data(TerminalText.sanitize(String(decoding: contents.canonicalText, as: UTF8.self)).utf8))
            } else {
                FileHandle.standardOutput.write(Data(contents.canonicalText))
            }
        }
    }
}
