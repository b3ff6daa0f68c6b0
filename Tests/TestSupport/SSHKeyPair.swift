import Foundation

/// A key pair made by the real `ssh-keygen` for a test (no passphrase), and a way to run ssh-keygen itself,
/// so signatures are checked against OpenSSH in both directions.
public struct SSHKeyPair: Sendable {
    public let privateKeyPath: String
    public var publicKeyPath: String { privateKeyPath + ".pub" }
    /// The `.pub` line: `ssh-ed25519 AAAA… comment`.
    public var publicKeyLine: String {
        (try? String(contentsOfFile: publicKeyPath, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            ?? ""
    }

    /// `type` is ssh-keygen's `-t` (ed25519, ecdsa, rsa); `bits` its `-b`.
    public static func generate(
        _ type: String = "ed25519", bits: Int? = nil, in directory: String, name: String, comment: String = "test"
    ) throws -> SSHKeyPair {
        let path = directory + "/" + name
        var arguments = ["-q", "-t", type, "-N", "", "-C", comment, "-f", path]
        if let bits { arguments += ["-b", String(bits)] }
        let result = try SSHKeygenTool.run(arguments)
        guard result.status == 0 else { throw SSHKeygenTool.Failure(message: result.stderr) }
        return SSHKeyPair(privateKeyPath: path)
    }

    public init(privateKeyPath: String) { self.privateKeyPath = privateKeyPath }
}

/// Runs `ssh-keygen` with arguments and optional standard input.
public enum SSHKeygenTool {
    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { "ssh-keygen failed: \(message)" }
    }

    public static func run(_ arguments: [String], stdin: [UInt8]? = nil) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ssh-keygen"] + arguments
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin))
            try input.fileHandleForWriting.close()
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// `ssh-keygen -Y verify` of `signature` over `message` for `identity` in an allowed-signers file.
    public static func verify(
        message: [UInt8], signature: String, identity: String, allowedSigners: String, namespace: String,
        in directory: String
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let signers = directory + "/allowed_signers-" + UUID().uuidString
        let signatureFile = directory + "/signature-" + UUID().uuidString
        try allowedSigners.write(toFile: signers, atomically: true, encoding: .utf8)
        try signature.write(toFile: signatureFile, atomically: true, encoding: .utf8)
        return try run(
            ["-Y", "verify", "-f", signers, "-I", identity, "-n", namespace, "-s", signatureFile], stdin: message)
    }
}
