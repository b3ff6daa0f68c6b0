import TestSupport
import Testing

@testable import TOML

/// Properties of `TOMLEditor` over every valid toml-test case and over random documents, with
/// random edit sequences: the result parses to the values the same edits give on a plain value
/// model, and every input line outside the edited keys' lines is still there, byte for byte, in
/// order.
@Suite struct EditorPropertyTests {
    static let seedsPerCase: UInt64 = 20
    static let randomDocuments: UInt64 = 1000

    @Test func everyValidCaseRoundTripsByteForByteWithoutEdits() throws {
        let cases = try validCases()
        #expect(cases.count == 220, "expected the 220 valid toml-test 1.1 cases, found \(cases.count)")
        for (name, input) in cases {
            var editor = try TOMLEditor(bytes: input, file: name)
            let values = try TOMLParser.parse(bytes: input)
            try editor.update(to: values)
            try editor.apply(changesFrom: values, to: values)
            try editor.commit()
            #expect(editor.bytes == input, "\(name): an edit-free update changed the text")
        }
    }

    @Test func randomEditsOfEveryValidCaseKeepUntouchedLines() throws {
        var failures = 0
        for (name, input) in try validCases() {
            guard let text = String(validating: input, as: UTF8.self) else { continue }
            for seed in 0..<Self.seedsPerCase where !check(text, name: name, seed: seed) { failures += 1 }
        }
        #expect(failures == 0)
    }

    @Test func randomEditsOfRandomDocumentsKeepUntouchedLines() {
        var failures = 0
        for seed in 0..<Self.randomDocuments {
            var generator = RandomDocument(seed: seed)
            let text = generator.generate()
            if !check(text, name: "random document \(seed)", seed: seed) { failures += 1 }
        }
        #expect(failures == 0)
    }

    @Test func oneUpdateToTheEditedValuesKeepsUntouchedLines() throws {
        var failures = 0
        for (name, input) in try validCases() {
            guard let text = String(validating: input, as: UTF8.self) else { continue }
            for seed in 0..<Self.seedsPerCase / 2 where !check(text, name: name, seed: seed, asOneUpdate: true) {
                failures += 1
            }
        }
        for seed in 0..<Self.randomDocuments / 2 {
            var generator = RandomDocument(seed: seed)
            if !check(generator.generate(), name: "random document \(seed)", seed: seed, asOneUpdate: true) {
                failures += 1
            }
        }
        #expect(failures == 0)
    }

    // MARK: - The check

    /// Runs 1–5 random edits on `input` (one by one, or as one `update(to:)`); records an issue and
    /// returns false when a property fails.
    private func check(_ input: String, name: String, seed: UInt64, asOneUpdate: Bool = false) -> Bool {
        var random = SeededGenerator(seed: seed &* 7919 &+ UInt64(name.utf8.count))
        let original: TOMLTable
        var editor: TOMLEditor
        do {
            original = try TOMLParser.parse(input)
            editor = try TOMLEditor(input)
        } catch {
            Issue.record("\(name): does not parse: \(error)\n\(input)")
            return false
        }
        var model = original
        var edits: [ModelEdit] = []
        let report = { (problem: String, output: String) in
            let list = edits.map { "  \($0)" }.joined(separator: "\n")
            let mode = asOneUpdate ? " (one update)" : ""
            Issue.record(
                Comment(
                    rawValue: "\(name), seed \(seed)\(mode): \(problem)\nedits:\n\(list)"
                        + "\n--- input ---\n\(input)\n--- output ---\n\(output)"))
        }
        for _ in 0..<Int.random(in: 1...5, using: &random) {
            let edit = ModelEdit.random(on: model, &random)
            edits.append(edit)
            model = edit.apply(to: model)
            guard !asOneUpdate else { continue }
            do {
                try edit.apply(to: &editor)
            } catch {
                report("the edit threw \(error)", editor.text)
                return false
            }
        }
        do {
            if asOneUpdate { try editor.update(to: model) }
            let output = editor.text
            let parsed = try TOMLParser.parse(output)
            guard parsed == model else {
                report("the result parses to other values than the model's", output)
                return false
            }
            guard try editor.values() == model else {
                report("values() differs from the model", output)
                return false
            }
            let lines = EditableLines(input: input, table: original)
            let editable = edits.reduce(into: Set<Int>()) { $0.formUnion(lines.lines(for: $1.path)) }
            let missing = lines.untouchedLinesMissing(from: output, editable: editable)
            guard missing.isEmpty else {
                report("input lines \(missing) outside the edited keys' lines changed", output)
                return false
            }
        } catch {
            report("\(error)", editor.text)
            return false
        }
        return true
    }

    /// Every valid 1.1 case: its name and bytes. A missing suite is a recorded failure, never a skip.
    private func validCases() throws -> [(String, [UInt8])] {
        guard let files = TOMLTestSuite.listedFiles() else {
            Issue.record(Comment(rawValue: TOMLTestSuite.missingMessage))
            return []
        }
        return try files.filter { $0.hasPrefix("valid/") && $0.hasSuffix(".toml") }.map {
            ($0, Array(try TOMLTestSuite.data($0)))
        }
    }
}
