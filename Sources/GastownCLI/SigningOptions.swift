import ArgumentParser
import Foundation
import Store

/// The signing key option every human act takes (approve, reject, resolving a blocking finding, gate resolve and
/// confirm, reviewer changes). The key is looked up only when the workspace needs a signature.
struct SigningOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The SSH key to sign with: a private key, or a .pub whose private key ssh-agent holds (default: GASTOWN_SIGNING_KEY, git config user.signingkey when gpg.format=ssh, ~/.ssh/id_ed25519).",
            valueName: "PATH"))
    var signingKey: String?

    /// Finds the key when asked, and signs through `ssh-keygen -Y sign`.
    func provider(for store: BeadsStore, environment: [String: String]) -> SignerProvider {
        let explicit = signingKey
        return { () throws(StoreError) -> any RecordSigner in
            let key = try SigningKeyLookup.resolve(
                explicit: explicit, environment: environment, gitConfig: SystemIdentity.gitConfig,
                demoKey: store.demoSigningKeyPath)
            return SSHKeygenRecordSigner(key: key)
        }
    }
}

/// `NAME=PUBKEY_FILE` as `--reviewer`, `--add-reviewer` and `--set-key` take it.
enum ReviewerKeyArgument {
    static func parse(_ text: String, option: String, keyRequired: Bool) throws(StoreError) -> (
        name: String, key: SSHPublicKeyFile?
    ) {
        guard let equals = text.firstIndex(of: "=") else {
            if keyRequired {
                throw StoreError(.invalidInput, "\(option) \(Output.safe(text)): expected NAME=PUBKEY_FILE")
            }
            try NameValidation.validate(text, field: "\(option) name")
            return (text, nil)
        }
        let name = String(text[..<equals])
        try NameValidation.validate(name, field: "\(option) name")
        let path = SigningKeyLookup.expandHome(String(text[text.index(after: equals)...]))
        return (name, try SSHPublicKeyFile.read(path, option: option))
    }
}
