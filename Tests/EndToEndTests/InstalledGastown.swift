import Foundation
import TestSupport

/// gastown as a team installs it: the binary `swift test` built, copied alone into an empty `bin/` outside the
/// checkout and put on PATH, run in a fresh `git init` repository with a home of its own. Nothing of the source
/// tree is reachable: no `formulas/`, no `templates/`, a working directory far from the checkout.
struct InstalledGastown {
    let base: TemporaryDirectory
    var bin: String { base.path + "/bin" }
    var repository: String { base.path + "/repo" }
    var home: String { base.path + "/home" }
    var keys: String { base.path + "/keys" }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] }
    }

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    init() throws {
        base = try TemporaryDirectory(prefix: "gastown-installed")
        for directory in [bin, repository, home, keys] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(atPath: BuiltProducts.gastown.path, toPath: bin + "/gastown")
        try git(["init", "-q"])
    }

    func remove() { base.remove() }

    /// A key pair in `keys/` (outside the repository), made by ssh-keygen.
    @discardableResult
    func makeKey(_ name: String) throws -> SSHKeyPair {
        try SSHKeyPair.generate(in: keys, name: name, comment: name)
    }

    /// The environment of a user of this machine: PATH with the installed binary first, this home, no gastown
    /// variables of the caller's, git without system configuration.
    func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("GASTOWN_") && !$0.key.hasPrefix("GIT_") && $0.key != "XDG_STATE_HOME"
                && $0.key != "XDG_CACHE_HOME"
        }
        environment["PATH"] = bin + ":/usr/local/bin:/usr/bin:/bin"
        environment["HOME"] = home
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// `gastown ARGUMENTS` found on PATH, in `directory` (default: the repository).
    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String] = [:], in directory: String? = nil) throws
        -> Result
    {
        try execute(["gastown"] + arguments, environment: extra, in: directory ?? repository)
    }

    /// As `run`, failing with gastown's own message unless it exits 0.
    @discardableResult
    func ok(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Result {
        let result = try run(arguments, environment: extra)
        guard result.status == 0 else {
            throw Failed(
                description: "gastown \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result
    }

    /// What an agent runs: the same binary, identified as an agent.
    @discardableResult
    func agent(_ arguments: [String]) throws -> Result { try ok(arguments, environment: ["GASTOWN_AGENT": "1"]) }

    @discardableResult
    func git(_ arguments: [String]) throws -> Result {
        let result = try execute(["git"] + arguments, environment: [:], in: repository)
        guard result.status == 0 else { throw Failed(description: "git \(arguments): \(result.stderr)") }
        return result
    }

    func write(_ relative: String, _ text: String) throws {
        try FixtureFile.write(text, to: repository + "/" + relative)
    }

    func read(_ relative: String) -> String? {
        try? String(contentsOfFile: repository + "/" + relative, encoding: .utf8)
    }

    private func execute(_ command: [String], environment extra: [String: String], in directory: String) throws
        -> Result
    {
        let output = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), command, environment: environment(extra), directory: directory)
        return Result(status: output.status, stdout: output.stdout, stderr: output.stderr)
    }
}
