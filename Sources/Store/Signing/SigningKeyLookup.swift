import Foundation
import Signing

/// The key a person signs with, and where it was found (for messages).
public struct SigningKey: Sendable, Hashable {
    public enum Location: Sendable, Hashable {
        /// A private key file, or a `.pub` whose private key ssh-agent holds.
        case file(String)
        /// git's `key::ssh-ed25519 AAAA…`: a public key whose private key ssh-agent holds.
        case literal(String)
    }

    public var location: Location
    public var publicKey: SSHPublicKey
    /// `--signing-key`, `GASTOWN_SIGNING_KEY`, `git config user.signingkey`, `~/.ssh/id_ed25519`, `demo key`.
    public var source: String

    public var displayPath: String {
        switch location {
        case .file(let path): path
        case .literal: "key::\(publicKey.algorithm.rawValue)"
        }
    }
}

/// Finds the signing key, in order: `--signing-key PATH`, `GASTOWN_SIGNING_KEY`, `git config user.signingkey`
/// (when `gpg.format = ssh`: a path, a `.pub` backed by ssh-agent, or `key::…`), `~/.ssh/id_ed25519`, and in a
/// demo workspace the key the demo generated. Its public key is read without a passphrase.
public enum SigningKeyLookup {
    /// git's configuration, as `git config --get NAME` prints it (nil when unset).
    public typealias GitConfig = @Sendable (String) -> String?

    public static func resolve(
        explicit: String?, environment: [String: String], gitConfig: GitConfig, demoKey: String?
    ) throws(StoreError) -> SigningKey {
        let home = environment["HOME"]
        if let explicit {
            return try key(atPath: expand(explicit, home: home), source: "--signing-key")
        }
        if let value = environment["GASTOWN_SIGNING_KEY"], !value.isEmpty {
            return try key(atPath: expand(value, home: home), source: "GASTOWN_SIGNING_KEY")
        }
        if gitConfig("gpg.format")?.lowercased() == "ssh", let configured = gitConfig("user.signingkey"),
            !configured.isEmpty
        {
            let source = "git config user.signingkey"
            let literal = configured.hasPrefix("key::") ? String(configured.dropFirst(5)) : configured
            if configured.hasPrefix("key::") || SSHKeyLine.isKeyType(String(literal.prefix { $0 != " " })) {
                do throws(SigningError) {
                    let key = try SSHKeyLine.parse(literal, format: .publicKey).key
                    return SigningKey(location: .literal(key.openSSHText), publicKey: key, source: source)
                } catch {
                    throw StoreError(.invalidInput, "\(source) (\(literal.prefix(40))…): \(error.message)")
                }
            }
            return try key(atPath: expand(configured, home: home), source: source)
        }
        if let home, FileManager.default.fileExists(atPath: home + "/.ssh/id_ed25519") {
            return try key(atPath: home + "/.ssh/id_ed25519", source: "~/.ssh/id_ed25519")
        }
        if let demoKey, FileManager.default.fileExists(atPath: demoKey) {
            return try key(atPath: demoKey, source: "the demo workspace's key")
        }
        throw StoreError(.refused, noKeyMessage)
    }

    /// What to do when no key is found: make one and register it.
    public static let noKeyMessage = """
        refused: no SSH signing key found (looked at --signing-key, GASTOWN_SIGNING_KEY, git config \
        user.signingkey with gpg.format=ssh, and ~/.ssh/id_ed25519).
          make one:      ssh-keygen -t ed25519
          register it:   gastown convoy edit CONVOY --set-key NAME=~/.ssh/id_ed25519.pub
        """

    /// The key at `path`: its public key from the file itself (a `.pub`, or an OpenSSH private key's header),
    /// else from `PATH.pub` beside it.
    public static func key(atPath path: String, source: String) throws(StoreError) -> SigningKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw StoreError(
                .invalidInput,
                "\(source): \(exists ? "cannot read" : "no such file") \(path)\(exists ? "" : " (make a key with `ssh-keygen -t ed25519`)")"
            )
        }
        let text = String(decoding: data.prefix(1 << 20), as: UTF8.self)
        do throws(SigningError) {
            let publicKey = try OpenSSHKeyFile.publicKey(fromText: text)
            return SigningKey(location: .file(path), publicKey: publicKey, source: source)
        } catch {
            if let beside = FileManager.default.contents(atPath: path + ".pub"),
                let publicKey = try? OpenSSHKeyFile.publicKey(fromText: String(decoding: beside, as: UTF8.self))
            {
                return SigningKey(location: .file(path), publicKey: publicKey, source: source)
            }
            throw StoreError(.invalidInput, "\(source): \(path) is not a usable SSH key: \(error.message)")
        }
    }

    static func expand(_ path: String, home: String?) -> String {
        if path == "~" { return home ?? path }
        if path.hasPrefix("~/"), let home { return home + path.dropFirst(1) }
        return path
    }
}

extension SigningKeyLookup {
    /// `~/x` → `$HOME/x` (paths given on the command line after `=`, where the shell does not expand `~`).
    public static func expandHome(_ path: String) -> String {
        expand(path, home: ProcessInfo.processInfo.environment["HOME"])
    }
}

/// A public key given as a file (`--reviewer NAME=PUBKEY_FILE`): a `.pub`, an authorized_keys or allowed_signers
/// line, or an OpenSSH private key (its public half).
public struct SSHPublicKeyFile: Sendable {
    public var key: SSHPublicKey

    public static func read(_ path: String, option: String) throws(StoreError) -> SSHPublicKeyFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError(.invalidInput, "\(option): cannot read \(path)")
        }
        let text = String(decoding: data.prefix(1 << 20), as: UTF8.self)
        do throws(SigningError) {
            return SSHPublicKeyFile(key: try OpenSSHKeyFile.publicKey(fromText: text))
        } catch {
            // An allowed_signers line starts with principals.
            if let line = SSHKeyLine.parseAll(text, format: .allowedSigners).lines.first {
                return SSHPublicKeyFile(key: line.key)
            }
            throw StoreError(.invalidInput, "\(option): \(path) is not an SSH public key: \(error.message)")
        }
    }
}
