import ArgumentParser
import Foundation
import Store

/// Hidden: hammers one molecule with locked read-modify-write updates (the concurrency test
/// runs several of these at once and checks that no update was lost).
struct StressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_stress", abstract: "Testing aid: apply N locked updates to a molecule.", shouldDisplay: false)

    @OptionGroup var options: StoreOptions
    @Argument var molecule: String
    @Option var times: Int = 200
    @Option(help: "The variable this process increments.") var key: String

    func run() throws {
        try runStoreCommand { () throws(StoreError) in
            let store = try options.store()
            for _ in 0..<times {
                try store.update(molecule: molecule, now: Date()) { (file, _, _) throws(StoreError) in
                    let current = Int(file.variable(key) ?? "0") ?? 0
                    file.setVariable(key, String(current + 1))
                }
            }
        }
    }
}
