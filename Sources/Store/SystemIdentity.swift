import Foundation

/// The identity sources outside the process: git's configuration and the login.
public enum SystemIdentity {
    public static func gitUserName() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "config", "user.name"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let name = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? nil : name
    }

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
