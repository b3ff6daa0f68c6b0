import Foundation
import TOML
import TestSupport
import Testing

@testable import Core

/// The formula files of `Tests/CoreTests/Fixtures/formulas` (valid ones, and broken ones in `invalid/`),
/// loaded as the library would: `extends` and `[compose]` find their formulas in the same directories.
enum GasTownFixtures {
    static let directory = Repository.root.appendingPathComponent("Tests/CoreTests/Fixtures/formulas")

    /// Every valid fixture's name (`design-review`, …), sorted.
    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".formula.toml") }.map { String($0.dropLast(".formula.toml".count)) }
            .sorted()
    }

    static func file(_ name: String) -> String? {
        for folder in [directory, directory.appendingPathComponent("invalid")] {
            let path = folder.appendingPathComponent("\(name).formula.toml").path
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }

    static func resolve(_ name: String) -> (table: TOMLTable, file: String)? {
        guard let path = file(name), let text = try? String(contentsOfFile: path, encoding: .utf8),
            let table = try? TOMLParser.parse(text, file: path)
        else { return nil }
        return (table, path)
    }

    static var resolver: FormulaResolver { { resolve($0) } }

    /// The formula (even with errors) and its diagnostics as `file:line:column: …` with the file's name only.
    static func load(_ name: String) throws -> (formula: Formula, diagnostics: [String]) {
        let path = try #require(file(name), "no fixture \(name)")
        let table = try TOMLParser.parse(try String(contentsOfFile: path, encoding: .utf8), file: path)
        let (formula, diagnostics) = FormulaLoader.loadUnchecked(table, file: path, resolver: resolver)
        return (formula, diagnostics.sortedByLocation().map { shortened($0.description) })
    }

    /// A formula written in the test (file `f.toml`); `extends` and `[compose]` find the fixtures.
    static func load(text: String) throws -> (formula: Formula, diagnostics: [String]) {
        let table = try TOMLParser.parse(text, file: "f.toml")
        let (formula, diagnostics) = FormulaLoader.loadUnchecked(table, file: "f.toml", resolver: resolver)
        return (formula, diagnostics.sortedByLocation().map { shortened($0.description) })
    }

    static func shortened(_ text: String) -> String {
        text.replacingOccurrences(of: directory.path + "/invalid/", with: "")
            .replacingOccurrences(of: directory.path + "/", with: "")
    }
}
