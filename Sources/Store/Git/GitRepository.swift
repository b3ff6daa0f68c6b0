import Foundation

/// The git work tree a workspace lives in, driven through the `git` command (what users have
/// configured: remotes, credentials, hooks, merge drivers).
public struct GitRepository: Sendable {
    /// The work tree's top directory.
    public let topLevel: String

    public struct Run: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var succeeded: Bool { status == 0 }
    }

    /// The work tree holding `directory`, or nil when it is not in one (or git is missing).
    public static func containing(_ directory: String) -> GitRepository? {
        let probe = run(["rev-parse", "--show-toplevel"], in: directory)
        guard probe.succeeded else { return nil }
        let top = probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return top.isEmpty ? nil : GitRepository(topLevel: top)
    }

    @discardableResult
    public func run(_ arguments: [String]) -> Run { Self.run(arguments, in: topLevel) }

    /// A path relative to the top of the work tree (for pathspecs and messages).
    public func relative(_ path: String) -> String {
        let real = PathResolution.resolved(path)
        let top = PathResolution.resolved(topLevel)
        if real == top { return "." }
        return real.hasPrefix(top + "/") ? String(real.dropFirst(top.count + 1)) : path
    }

    /// `git config --get KEY` in this repository, nil when unset.
    public func config(_ key: String) -> String? {
        let result = run(["config", "--get", key])
        let value = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return result.succeeded && !value.isEmpty ? value : nil
    }

    /// The checked-out branch, nil when HEAD is detached.
    public var branch: String? {
        let result = run(["symbolic-ref", "--quiet", "--short", "HEAD"])
        let name = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return result.succeeded && !name.isEmpty ? name : nil
    }

    /// How many commits HEAD is ahead of and behind its upstream, from the refs as they are (no fetch);
    /// nil without an upstream.
    public func aheadBehind() -> (ahead: Int, behind: Int)? {
        let result = run(["rev-list", "--left-right", "--count", "HEAD...@{upstream}"])
        guard result.succeeded else { return nil }
        let counts = result.stdout.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).compactMap {
            Int($0)
        }
        return counts.count == 2 ? (counts[0], counts[1]) : nil
    }

    /// Files git left unmerged, relative to the top.
    public func unmergedFiles() -> [String] {
        run(["diff", "--name-only", "--diff-filter=U"]).stdout.split(separator: "\n").map(String.init)
    }

    /// Runs git in `directory` (which need not be a work tree yet).
    public static func run(_ arguments: [String], in directory: String) -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        // Files, not pipes: a chatty git (a pull's merge output) never blocks on a full pipe.
        let base = FileManager.default.temporaryDirectory.path + "/gastown-git-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: base + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: base + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: base + ".out")
            try? FileManager.default.removeItem(atPath: base + ".err")
        }
        guard let out = FileHandle(forWritingAtPath: base + ".out"),
            let err = FileHandle(forWritingAtPath: base + ".err")
        else { return Run(status: 127, stdout: "", stderr: "cannot create a temporary file for git's output") }
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            return Run(status: 127, stdout: "", stderr: "cannot run git: \(error.localizedDescription)")
        }
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return Run(status: process.terminationStatus, stdout: read(base + ".out"), stderr: read(base + ".err"))
    }
}
