import Foundation

/// The identity sources outside the process: git's configuration and the login.
public enum SystemIdentity {
    public static func gitUserName() -> String? { gitConfig("user.name") }

    public static func loginName() -> String? {
        let env = ProcessInfo.processInfo.environment
        return env["LOGNAME"] ?? env["USER"] ?? ProcessInfo.processInfo.userName
    }
}

extension ReviewerIdentity {
    /// `resolve` with this system's sources: git's `user.name` and the login name.
    public static func resolve(explicit: String?, environment: [String: String]) throws(StoreError) -> Resolved {
        try resolve(
            explicit: explicit, environment: environment,
            gitUserName: SystemIdentity.gitUserName, loginName: SystemIdentity.loginName)
    }
}

extension SystemIdentity {
    /// `git config --get NAME`, or nil when unset (or git is missing).
    public static let gitConfig: SigningKeyLookup.GitConfig = { name in
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "config", "--get", name]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }
}
