import Core
import Foundation
import Store
import Testing

@Suite struct WorkspaceScanTests {
    let rules = [
        AntiPattern(
            id: "sleep", name: "time.Sleep()", severity: .critical, pattern: #"time\.Sleep\("#, paths: ["test/**/*.go"]),
        AntiPattern(id: "skip", name: "Skip()", severity: .critical, pattern: #"\bSkip\("#, paths: ["test/**/*.go"]),
    ]

    func makeTree() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gastown-scan-\(UUID().uuidString)")
        let fm = FileManager.default
        for dir in ["test/integration", "test/.git", ".git", "node_modules/test", "src", "outside"] {
            try fm.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        func write(_ path: String, _ text: String) throws {
            try Data(text.utf8).write(to: root.appendingPathComponent(path))
        }
        try write(
            "test/integration/a_test.go", "package a\n\nfunc TestA(t *testing.T) {\n\ttime.Sleep(time.Second)\n}\n")
        try write("test/integration/b_test.go", "package a\n\nfunc TestB(t *testing.T) {\n\tt.Skip(\"todo\")\n}\n")
        try write("test/integration/clean_test.go", "package a\n\nfunc TestC(t *testing.T) {}\n")
        try write("src/main.go", "time.Sleep(1)\n")  // Out of scope.
        try write("test/.git/x_test.go", "time.Sleep(1)\n")  // Ignored directory.
        try write("outside/evil_test.go", "time.Sleep(1)\n")
        try fm.createSymbolicLink(atPath: root.path + "/test/linked", withDestinationPath: root.path + "/outside")
        var big = Data("time.Sleep(1)\n".utf8)
        big.append(Data(repeating: UInt8(ascii: "x"), count: 1 << 20))
        try big.write(to: root.appendingPathComponent("test/integration/big_test.go"))
        try Data([0x74, 0x69, 0x00, 0x01]).write(to: root.appendingPathComponent("test/integration/blob_test.go"))
        return root
    }

    @Test func aWorkspaceTreeGivesExactHitsAndCountsWhatItSkipped() throws {
        let root = try makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let report = WorkspaceScan.scan(workspace: root.path, antiPatterns: rules)
        #expect(
            report.hits.map { "\($0.file):\($0.line) \($0.severity.rawValue) \($0.antiPatternID)" } == [
                "test/integration/a_test.go:4 critical sleep",
                "test/integration/b_test.go:4 critical skip",
            ])
        #expect(report.filesScanned == 3)
        #expect(
            report.skipped == [
                AntiPatternSkip(file: "test/integration/big_test.go", reason: .tooLarge(bytes: (1 << 20) + 14)),
                AntiPatternSkip(file: "test/integration/blob_test.go", reason: .binary),
            ])
    }

    @Test func aCleanTreeIsClean() throws {
        let root = try makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        for name in ["a_test.go", "b_test.go", "big_test.go", "blob_test.go"] {
            try FileManager.default.removeItem(at: root.appendingPathComponent("test/integration/\(name)"))
        }
        let report = WorkspaceScan.scan(workspace: root.path, antiPatterns: rules)
        #expect(report.isClean)
        #expect(report.filesScanned == 1)
        #expect(report.skipped.isEmpty)
    }
}
