import Foundation

/// Signs through `ssh-keygen -Y sign`, which reads the private key (asking for its passphrase on the
/// terminal) or uses ssh-agent when given a public key, so this process never holds a private key.
///
/// The message goes through a temporary file, not stdin: ssh-keygen asks for a passphrase on the terminal
/// only when its stdin is one (as git does when it signs commits).
public struct SSHKeygenSigner: Sendable {
    /// The program to run; `ssh-keygen` is looked up on PATH.
    public var executable: String

    public init(executable: String = "ssh-keygen") {
        self.executable = executable
    }

    /// Signs `message` in `namespace` with the key at `keyFile` (a private key, or a `.pub` whose private key is
    /// in ssh-agent). The signature is checked before it is returned.
    public func sign(_ message: [UInt8], namespace: String, keyFile: String) throws(SigningError) -> SSHSignature {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let messageFile = directory + "/message"
        guard FileManager.default.createFile(atPath: messageFile, contents: Data(message)) else {
            throw SigningError(.signer, "cannot write a temporary file in \(directory)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable, "-Y", "sign", "-n", namespace, "-f", keyFile, messageFile]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw SigningError(.signer, "cannot run \(executable): \(error.localizedDescription)")
        }
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let said = String(decoding: stderr, as: UTF8.self).split(whereSeparator: \.isNewline)
            .filter { !$0.hasPrefix("Signing file") && !$0.hasPrefix("Write signature to") }
            .joined(separator: "; ")
        guard process.terminationReason == .exit, process.terminationStatus == 0,
            let armored = FileManager.default.contents(atPath: messageFile + ".sig")
        else {
            let reason = process.terminationStatus == 127 ? "\(executable) is not installed" : said
            throw SigningError(
                .signer, "\(executable) -Y sign with \(keyFile) failed\(reason.isEmpty ? "" : ": \(reason)")")
        }
        let signature = try SSHSignature(armored: String(decoding: armored, as: UTF8.self))
        try signature.verify(message: message, namespace: namespace)
        return signature
    }

    /// Signs with the key of a public key line (`ssh-ed25519 AAAA…`, git's `key::` form) whose private key
    /// ssh-agent holds.
    public func sign(_ message: [UInt8], namespace: String, publicKeyLine: String) throws(SigningError)
        -> SSHSignature
    {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let keyFile = directory + "/key.pub"
        guard FileManager.default.createFile(atPath: keyFile, contents: Data((publicKeyLine + "\n").utf8)) else {
            throw SigningError(.signer, "cannot write a temporary file in \(directory)")
        }
        return try sign(message, namespace: namespace, keyFile: keyFile)
    }

    private func makeTemporaryDirectory() throws(SigningError) -> String {
        var template = Array((NSTemporaryDirectory() + "/gastown-sign-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw SigningError(.signer, "cannot create a temporary directory in \(NSTemporaryDirectory())")
        }
        return String(cString: made)
    }
}
