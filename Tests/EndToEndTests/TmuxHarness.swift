import Foundation
import TestSupport
import Testing

/// Drives the real binary in a detached tmux session of a fixed size: send keys, read the
/// screen with `capture-pane`, and wait for a screen condition with a deadline (never a fixed sleep).
final class TmuxSession {
    struct Timeout: Error, CustomStringConvertible {
        var what: String
        var screen: [String]
        var description: String { "timed out waiting for \(what); screen:\n" + screen.joined(separator: "\n") }
    }

    /// A private tmux server per test process, so tests never touch a user's sessions.
    static let socket = "gastown-e2e-\(getpid())"
    let name: String

    /// Starts `shellCommand` (run by /bin/sh) in a new session with TERM=tmux-256color.
    init(_ shellCommand: String, width: Int = 100, height: Int = 30, environment: [String: String] = [:]) throws {
        name = "t\(UUID().uuidString.prefix(8))"
        let exports =
            (["TERM": "tmux-256color", "LANG": "C.UTF-8"].merging(TestUser.environment) { $1 }
            .merging(environment) { $1 })
            .map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        try Self.tmux([
            "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
            "env \(exports) /bin/sh -c \"\(shellCommand)\"",
        ])
        try Self.tmux(["set-option", "-t", name, "remain-on-exit", "on"])
    }

    deinit {
        _ = try? Self.tmux(["kill-session", "-t", name])
    }

    /// The visible screen, one string per row (trailing spaces trimmed by tmux).
    func screen() -> [String] {
        let output = (try? Self.tmux(["capture-pane", "-p", "-t", name])) ?? ""
        var lines = output.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }  // capture-pane ends every row with a newline
        return lines
    }

    /// tmux key names ("Enter", "Escape", "Tab", "j").
    func press(_ keys: String...) throws {
        try Self.tmux(["send-keys", "-t", name] + keys)
    }

    /// Literal text.
    func type(_ text: String) throws {
        try Self.tmux(["send-keys", "-t", name, "-l", text])
    }

    func resize(width: Int, height: Int) throws {
        try Self.tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the screen until `condition` holds; throws with the last screen after `timeout`.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 10, _ condition: ([String]) -> Bool) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var last = screen()
        while !condition(last) {
            if Date() > deadline { throw Timeout(what: what, screen: last) }
            // Each capture is a tmux round trip, which paces the loop; the condition decides when it ends.
            last = screen()
        }
        return last
    }

    /// Waits until some line contains `text`.
    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 10) throws -> [String] {
        try waitFor("\"\(text)\"", timeout: timeout) { $0.contains { $0.contains(text) } }
    }

    @discardableResult
    static func tmux(_ arguments: [String]) throws -> String {
        // Output goes to a file, not a pipe: the tmux server started by the first command
        // inherits the descriptors and would hold a pipe open forever.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: file, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: file) }
        try spawnAndWait(["/usr/bin/env", "tmux", "-L", socket, "-f", "/dev/null"] + arguments, output: file)
        return (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
    }

    /// Stops this test process's tmux server.
    static func shutDown() { _ = try? tmux(["kill-server"]) }
}

/// posix_spawn + waitpid: Foundation's Process can miss the exit of a client whose daemon
/// child (the tmux server) keeps running.
func spawnAndWait(_ arguments: [String], output: String) throws {
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
    guard result == 0 else { throw TmuxSession.Timeout(what: "spawn \(arguments[0]): \(result)", screen: []) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
}

/// Runs the binary to completion and returns its exit status and output.
func runGastown(_ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = BuiltProducts.gastown
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(TestUser.environment) { $1 }
        .merging(environment) { $1 }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// A fresh demo workspace built by `gastown demo --build-only`, removed afterwards.
final class DemoDirectory {
    let path: String

    /// Built once per test run (the store fsyncs every write, so building takes seconds), then
    /// copied for each test.
    static let template: Result<String, Error> = Result {
        removeTemplates { $0 == getpid() || kill($0, 0) != 0 && errno == ESRCH }
        let path = templatePath(for: getpid())
        let (status, output) = try runGastown(["demo", "--build-only", "--root", path, "--reviewer", "tester"])
        guard status == 0 else { throw TmuxSession.Timeout(what: "demo build: \(output)", screen: []) }
        return path
    }

    static func templatePath(for pid: pid_t) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent(templatePrefix + "\(pid)").path
    }

    private static let templatePrefix = "gastown-e2e-template-"

    /// Removes the templates of the test processes `matching` (by process id).
    static func removeTemplates(matching: (pid_t) -> Bool) {
        let temporary = FileManager.default.temporaryDirectory.path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        where name.hasPrefix(templatePrefix) {
            if let pid = pid_t(name.dropFirst(templatePrefix.count)), matching(pid) {
                try? FileManager.default.removeItem(atPath: temporary + "/" + name)
            }
        }
    }

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("gastown-e2e-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: Self.template.get(), toPath: path)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func checkpoints(_ convoy: String, _ molecule: String) -> [String] {
        let directory = "\(path)/.beads/convoys/\(convoy)/molecules/\(molecule)/checkpoints"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().compactMap { try? String(contentsOfFile: directory + "/" + $0, encoding: .utf8) }
    }
}

/// Removes this process's demo template once the suite using it is over (the template of a test
/// process that died early is removed by the next run).
struct RemovesDemoTemplate: SuiteTrait, TestScoping {
    func provideScope(
        for test: Test, testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        defer { DemoDirectory.removeTemplates { $0 == getpid() } }
        try await function()
    }
}

extension Trait where Self == RemovesDemoTemplate {
    static var removesDemoTemplate: Self { Self() }
}

/// The user the dashboard tests run gastown as: a home, trust store and cache of their own (no SSH keys, no git
/// identity), so the demo makes its own key as it does for someone with no ssh set-up.
enum TestUser {
    static let directory: String = {
        let path = FileManager.default.temporaryDirectory.path + "/gastown-e2e-user-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path + "/home", withIntermediateDirectories: true)
        TemporaryDirectory.removeAtExit(path)
        return path
    }()

    static var environment: [String: String] {
        [
            "HOME": directory + "/home", "XDG_STATE_HOME": directory + "/state", "XDG_CACHE_HOME": directory + "/cache",
            "GIT_CONFIG_NOSYSTEM": "1",
        ]
    }
}
