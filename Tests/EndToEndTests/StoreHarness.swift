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

    /// Reviewers r1…r8 and their SSH keys (made once per test run by ssh-keygen, outside every workspace).
    static let reviewers = (1...8).map { "r\($0)" }
    static let keyDirectory: String = {
        let directory = FileManager.default.temporaryDirectory.path + "/gastown-e2e-keys-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        TemporaryDirectory.removeAtExit(directory)
        for name in reviewers + ["intruder"] {
            _ = try? SSHKeyPair.generate(in: directory, name: name, comment: name)
        }
        return directory
    }()

    static func key(_ reviewer: String) -> String? {
        let path = keyDirectory + "/" + reviewer
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// This user's home, trust store and cache: beside the workspace (outside git), one per workspace.
    var userState: String { workspace + ".user" }

    /// A new workspace with `gastown init` run, the e2e formula installed, and convoy `c`
    /// (reviewers r1..r8, with their keys).
    static func make(steps: Int = 4) throws -> StoreHarness {
        let base = FileManager.default.temporaryDirectory.path + "/gastown-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        TemporaryDirectory.removeAtExit(base)
        TemporaryDirectory.removeAtExit(base + ".user")
        let harness = StoreHarness(workspace: (base as NSString).resolvingSymlinksInPath)
        try harness.expectOK(["init"])
        var formula = "formula = \"e2e\"\nversion = 1\n"
        for i in 1...steps {
            formula +=
                "\n[[steps]]\nid = \"s\(i)\"\nduration = \"10m\"\n\n[steps.checkpoint]\nid = \"s\(i)-review\"\nprompt = \"Step \(i) ok?\"\n"
        }
        try formula.write(toFile: harness.workspace + "/.beads/formulas/e2e.toml", atomically: true, encoding: .utf8)
        try harness.expectOK(
            ["convoy", "create", "c", "--title", "E2E"]
                + reviewers.flatMap { ["--reviewer", "\($0)=\(key($0)!).pub"] })
        return harness
    }

    /// Writes `text` as the workspace formula `.beads/formulas/NAME.toml`.
    func install(formula text: String, as name: String) throws {
        try text.write(toFile: workspace + "/.beads/formulas/\(name).toml", atomically: true, encoding: .utf8)
    }

    func cleanup() {
        try? FileManager.default.removeItem(atPath: workspace)
        try? FileManager.default.removeItem(atPath: userState)
    }

    /// The environment every run gets: this harness's user (home, trust store, cache), no identity from the
    /// caller's; and the named reviewer's key, when the arguments name one (`--reviewer R`, `--by R`), so each
    /// decision is signed as that reviewer's ssh-keygen would.
    func environment(for arguments: [String], _ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in ["GASTOWN_ROOT", "GASTOWN_AGENT", "GASTOWN_REVIEWER", "GASTOWN_SIGNING_KEY"] {
            env.removeValue(forKey: key)
        }
        env["HOME"] = userState + "/home"
        env["XDG_STATE_HOME"] = userState + "/state"
        env["XDG_CACHE_HOME"] = userState + "/cache"
        try? FileManager.default.createDirectory(atPath: userState + "/home", withIntermediateDirectories: true)
        for option in ["--reviewer", "--by"] {
            if let index = arguments.firstIndex(of: option), index + 1 < arguments.count,
                !arguments.contains("--signing-key"), let key = Self.key(arguments[index + 1])
            {
                env["GASTOWN_SIGNING_KEY"] = key
            }
        }
        if let reviewer = extra["GASTOWN_REVIEWER"], let key = Self.key(reviewer) { env["GASTOWN_SIGNING_KEY"] = key }
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Starts gastown (or another built `executable`) without waiting (stdout/stderr discarded).
    func spawn(
        _ arguments: [String], executable: URL = BuiltProducts.gastown, environment: [String: String] = [:],
        cwd: String? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd ?? workspace)
        process.environment = self.environment(for: arguments, environment)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:], cwd: String? = nil) throws -> Result {
        let output = try ChildProcess.run(
            BuiltProducts.gastown, arguments, environment: self.environment(for: arguments, environment),
            directory: cwd ?? workspace)
        return Result(status: output.status, stdout: output.stdout, stderr: output.stderr)
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

    /// Runs git in `directory` with a fixed identity and no user or system configuration.
    @discardableResult
    static func git(_ arguments: [String], in directory: String) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        for (k, v) in [
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_NOSYSTEM": "1", "HOME": directory,
        ] {
            env[k] = v
        }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: "")
    }

    static func parseTOML(_ path: String) throws -> TOMLTable {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try TOMLParser.parse(text, file: path)
    }
}
