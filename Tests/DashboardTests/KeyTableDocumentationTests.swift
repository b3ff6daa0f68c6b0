import Foundation
import Screen
import TestSupport
import Testing

@testable import Dashboard

/// docs/dashboard.md's key table is the key table: one row per binding, its keys, what it does and where.
@Suite struct KeyTableDocumentationTests {
    /// The row the documentation must have for a binding.
    static func row(_ binding: KeyBinding) -> String {
        let keys = binding.keys.map { "`" + ($0 == .character("|") ? "\\|" : $0.label) + "`" }.joined(separator: " ")
        return "| " + keys + " | " + binding.help + " | " + places(binding.contexts) + " |"
    }

    static func places(_ contexts: Set<KeyContext>) -> String {
        if contexts == KeyTable.browsing { return "every view" }
        if contexts == KeyTable.views { return "every view but Help" }
        return KeyContext.allCases.filter(contexts.contains).map(\.title).joined(separator: ", ")
    }

    @Test func theDocumentedTableIsTheKeyTable() throws {
        let text = try Repository.text("docs/dashboard.md")
        let lines = text.components(separatedBy: "\n")
        let heading = try #require(lines.firstIndex(of: "## Keys"))
        let table = lines[(heading + 1)...].drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
        let documented = Array(table.dropFirst(2))
        let expected = KeyTable.bindings.map(Self.row)
        #expect(
            documented == expected,
            Comment(
                rawValue: "docs/dashboard.md's key table differs from KeyTable.bindings; it should read:\n"
                    + expected.joined(separator: "\n")))
    }

    @Test func noKeyDoesTwoThingsInOnePlace() {
        for context in KeyContext.allCases {
            var seen: [Key: Action] = [:]
            for binding in KeyTable.bindings(in: context) {
                for key in binding.keys {
                    if let other = seen[key], other != binding.action {
                        Issue.record("\(key.label) in \(context.title): \(other) and \(binding.action)")
                    }
                    seen[key] = binding.action
                }
            }
        }
    }
}
