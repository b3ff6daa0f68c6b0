import ArgumentParser
import Foundation
import Store

/// `gastown merge-driver BASE OURS THEIRS PATH`: git's merge driver for `.beads/` (registered by `gastown init`).
struct MergeDriverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge-driver",
        abstract:
            "Git's merge driver for .beads/ files: a three-way merge of the parsed TOML (run by git, not by hand).",
        discussion: """
            Registered by `gastown init` as merge.gastown.driver = "gastown merge-driver %O %A %B %P". Merges \
            molecule.toml, convoy.toml, findings, mail read-marks, manual-checks.toml and gates/*.toml evidence \
            by their rules (docs/store.md, "Working from several clones") and writes the result over OURS, \
            keeping OURS' comments and layout. Exit 0: merged. Exit 1: left to git's conflict (.beads/config.toml, \
            a file it does not know); exit 2: a side does not parse. On a non-zero exit OURS is not touched.
            """)

    @Argument(help: "The common ancestor's version (%O).") var base: String
    @Argument(help: "Our version (%A); the merge is written here.") var ours: String
    @Argument(help: "Their version (%B).") var theirs: String
    @Argument(help: "The file's path in the repository (%P).") var path: String

    func run() throws {
        let read = { (file: String) throws -> [UInt8] in
            guard let bytes = try AtomicFile.read(file) else { throw StoreError(.notFound, "\(file) does not exist") }
            return bytes
        }
        let result: MergeDriver.Result
        do {
            result = MergeDriver.merge(
                base: (try? AtomicFile.read(base)).flatMap { $0 } ?? [], ours: try read(ours), theirs: try read(theirs),
                path: path)
        } catch let error as StoreError {
            Output.error("merge-driver: \(Output.safe(error.message))")
            throw ExitCode(Exit.failure)
        }
        switch result {
        case .merged(let bytes):
            do throws(StoreError) {
                try AtomicFile.write(bytes, to: ours)
            } catch {
                Output.error("merge-driver: cannot write \(Output.safe(ours)): \(Output.safe(error.message))")
                throw ExitCode(Exit.failure)
            }
        case .conflict(let reason):
            Output.error("merge-driver: \(Output.safe(reason))")
            throw ExitCode(Exit.failure)
        case .unparseable(let reason):
            Output.error(
                "merge-driver: \(Output.safe(path)) not merged, a side does not parse: \(Output.safe(reason))")
            throw ExitCode(Exit.invalidInput)
        }
    }
}
