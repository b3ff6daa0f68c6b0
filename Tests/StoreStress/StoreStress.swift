import ArgumentParser
import Foundation
import Store

/// Test support, not shipped: hammers one molecule with locked read-modify-write updates (the
/// concurrency tests in Tests/EndToEndTests run several at once and check that no update was lost).
@main
struct StoreStress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-stress",
        abstract: "Apply N locked updates to a molecule of the store in the working directory (or --root).")

    @Option(help: "The workspace holding .beads/ (default: the nearest parent with one).") var root: String?
    @Argument(help: "The molecule's name.") var molecule: String
    @Option(help: "How many updates.") var times: Int = 200
    @Option(help: "The variable this process increments.") var key: String

    func run() throws {
        do throws(StoreError) {
            let environment = ProcessInfo.processInfo.environment
            let layout = try StoreDiscovery.locate(
                explicitRoot: root, environment: environment,
                currentDirectory: FileManager.default.currentDirectoryPath)
            let store = BeadsStore(
                layout: layout, formulas: StoreFormulas.source(for: layout, environment: environment))
            for _ in 0..<times {
                try store.update(molecule: molecule, now: Date()) { (file, _, _) throws(StoreError) in
                    let current = Int(file.variable(key) ?? "0") ?? 0
                    file.setVariable(key, String(current + 1))
                }
            }
        } catch {
            FileHandle.standardError.write(Data(("store-stress: " + error.message + "\n").utf8))
            throw ExitCode.failure
        }
    }
}
