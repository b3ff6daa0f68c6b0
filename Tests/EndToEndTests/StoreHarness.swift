import Foundation
import TOML
import TestSupport

/// Runs the built gastown binary in a temporary workspace.
struct StoreHarness {
    let workspace: String

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
    }

    /// A new workspace with `gastown init` run, the e2e formula installed, and convoy `c`
    /// (reviewers r1..r8).
    static func make(steps: Int = 4) throws -> StoreHarness {
        let base = FileManager.default.temporaryDirectory.path + "/gastown-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        let harness = StoreHarness(workspace: (base as NSString).resolvingSymlinksInPath)
        try harness.expectOK(["init"])
        var formula = "formula = \"e2e\"\nversion = 1\n"
        for i in 1...steps {
            formula +=
                "\n[[steps]]\nid = \"s\(i)\"\nduration = \"10m\"\n\n[steps.checkpoint]\nid = \"s\(i)-review\"\nprompt = \"Step \(i) ok?\"\n"
        }
        try formula.write(toFile: harness.workspace + "/.beads/formulas/e2e.toml", atomically: true, encoding: .utf8)
        try harness.expectOK(
            ["convoy", "create", "c", "--title", "E2E"] + (1...8).flatMap { ["--reviewer", "r\($0)"] })
        return harness
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: workspace) }

    /// Starts gastown (or another built `executable`) without waiting (stdout/stderr discarded).
    func spawn(
        _ arguments: [String], executable: URL = BuiltProducts.gastown, environment: [String: String] = [:],
        cwd: String? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd ?? workspace)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "GASTOWN_ROOT")
        env.removeValue(forKey: "GASTOWN_AGENT")
        env.removeValue(forKey: "GASTOWN_REVIEWER")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:], cwd: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = BuiltProducts.gastown
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd ?? workspace)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "GASTOWN_ROOT")
        env.removeValue(forKey: "GASTOWN_AGENT")
        env.removeValue(forKey: "GASTOWN_REVIEWER")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        // Files, not pipes: a full pipe would block the child.
        let outPath = FileManager.default.temporaryDirectory.path + "/gastown-out-" + UUID().uuidString
        let errPath = outPath + ".err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(
            status: process.terminationStatus,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    struct CommandFailed: Error, CustomStringConvertible {
        var description: String
    }

    @discardableResult
    func expectOK(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let result = try run(arguments, environment: environment)
        guard result.status == 0 else {
            throw CommandFailed(
                description: "gastown \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result
    }

    func moleculePath(_ name: String, convoy: String = "c") -> String {
        workspace + "/.beads/convoys/\(convoy)/molecules/\(name)/molecule.toml"
    }

    /// Every file under .beads with its content: to prove a failed command changed nothing.
    func snapshot() -> [String: Data] {
        var result: [String: Data] = [:]
        let root = workspace + "/.beads"
        for path in FileManager.default.subpaths(atPath: root) ?? [] where !path.hasSuffix(".lock") {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
            result[path] = isDirectory.boolValue ? Data() : FileManager.default.contents(atPath: root + "/" + path)
        }
        return result
    }

    /// Checks `condition` back to back until it holds or `seconds` pass. No pause between checks:
    /// callers read files a writer is replacing, and every extra read is one more chance to see a torn one.
    static func waitUntil(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
        }
        return condition()
    }

    static func parseTOML(_ path: String) throws -> TOMLTable {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try TOMLParser.parse(text, file: path)
    }
}
