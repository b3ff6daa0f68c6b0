import Core
import DisplayText
import Foundation
import Signing
import TOML

/// One change to who may decide a convoy: `convoys/C/reviewers/<time>-<by>-<random>.toml`, append-only,
/// hash-chained and signed like a decision (docs/store.md, "The reviewer trail").
///
/// The first record (`genesis`) sets the first reviewers, trusted on first use and pinned per user outside the
/// workspace. Every later change is signed by a reviewer of the set it follows: `add` and `remove` by any
/// reviewer with a key, `set-key` by the reviewer's current key (rotation), or, for a reviewer without a key
/// yet, by the new key itself (trust on first use). `status` and `day` record a reviewer's change of the
/// convoy's status or current day (what the day rules enforce): they change no one's rights.
public struct ReviewerChange: ChainedRecord, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case genesis, add, remove
        case setKey = "set-key"
        case status, day

        /// A change of the convoy's settings (status, day) rather than of who may decide.
        public var isSetting: Bool { self == .status || self == .day }
    }

    /// A reviewer and their key, if they registered one.
    public struct Member: Sendable, Hashable {
        public var name: String
        public var key: SSHPublicKey?

        public init(name: String, key: SSHPublicKey?) {
            self.name = name
            self.key = key
        }

        /// `alice ssh-ed25519 AAAA…` (allowed-signers form) or `bob`.
        public var line: String { key.map { "\(name) \($0.openSSHText)" } ?? name }
    }

    public var convoy: String
    public var kind: Kind
    /// Whom an add, remove or set-key concerns ("" for genesis).
    public var reviewer: String
    /// The key an add or set-key registers.
    public var key: SSHPublicKey?
    /// The first reviewers (genesis only).
    public var members: [Member]
    /// A setting change (`status`, `day`): the value before and after, and the reason it was forced ("" if not).
    public var previous = ""
    public var value = ""
    public var reason = ""
    /// Who made the change.
    public var by: String
    public private(set) var atText: String
    public private(set) var date: Date
    public var parents: [String]
    public var parentFiles: [String]
    /// The signer's key fingerprint ("" when unsigned: a genesis).
    public var signer: String
    public var hash: String
    /// The armored SSHSIG over the canonical text (not part of it).
    public var signature: String?

    public var author: String { by }

    public init(
        convoy: String, kind: Kind, reviewer: String = "", key: SSHPublicKey? = nil, members: [Member] = [],
        by: String, at: Date, parents: [(hash: String, file: String)], signer: String,
        setting: (previous: String, value: String, reason: String) = ("", "", "")
    ) {
        let sorted = parents.sorted { $0.hash < $1.hash }
        (previous, value, reason) = setting
        self.convoy = convoy
        self.kind = kind
        self.reviewer = reviewer
        self.key = key
        self.members = members
        self.by = by
        self.atText = Timestamp.toml(at).description
        self.date = Timestamp.date(Timestamp.toml(at))
        self.parents = sorted.map(\.hash)
        self.parentFiles = sorted.map(\.file)
        self.signer = signer
        self.hash = ""
        self.signature = nil
        hash = computedHash
    }

    /// The text the hash and the signature cover.
    public var canonicalText: [UInt8] {
        var text = CanonicalText(version: "gastown-reviewers-v1")
        text.field("convoy", convoy)
        text.field("change", kind.rawValue)
        text.field("reviewer", reviewer)
        text.field("key", key?.openSSHText ?? "")
        for member in members { text.field("member", member.line) }
        // Only setting changes carry these, so the canonical text of every other record is as it always was.
        if kind.isSetting {
            text.field("previous", previous)
            text.field("value", value)
            text.field("reason", reason)
        }
        text.field("by", by)
        text.field("at", atText)
        text.field("signer", signer)
        text.parents(parents, files: parentFiles)
        return text.bytes
    }

    public var computedHash: String { Hashing.sha256Hex(canonicalText) }

    public var tomlText: String {
        var table = TOMLTable()
        table["convoy"] = .string(convoy)
        table["change"] = .string(kind.rawValue)
        if kind != .genesis && !kind.isSetting { table["reviewer"] = .string(reviewer) }
        if kind.isSetting {
            table["previous"] = .string(previous)
            table["value"] = .string(value)
            if !reason.isEmpty { table["reason"] = .string(reason) }
        }
        if let key { table["key"] = .string(key.openSSHText) }
        if kind == .genesis { table["reviewers"] = .array(TOMLArray(members.map { .string($0.line) })) }
        table["by"] = .string(by)
        table["at"] = .offsetDateTime(Timestamp.toml(date))
        table["parents"] = .array(TOMLArray(parents.map { .string($0) }))
        table["parent_files"] = .array(TOMLArray(parentFiles.map { .string($0) }))
        table["signer"] = .string(signer)
        table["hash"] = .string(hash)
        if let signature { table["signature"] = .string(signature) }
        return TOMLFileWriter.canonicalText(
            header:
                "# gastown reviewer change: append-only, hash-chained, signed. Editing it breaks `gastown audit verify`.\n",
            table)
    }

    static func from(_ table: TOMLTable, file: String) -> (ReviewerChange?, [StoreProblem]) {
        let reader = FieldReader(table, file: file, remembersKeys: false)
        let convoy = reader.string("convoy", required: true)
        let kind = reader.oneOf("change", Kind.allCases.map(\.rawValue), required: true).flatMap(Kind.init)
        let reviewer = reader.string("reviewer") ?? ""
        let keyText = reader.string("key")
        let memberLines = reader.stringList("reviewers")
        let by = reader.string("by", required: true)
        let at = RecordTime.read(reader)
        let parents = reader.stringList("parents")
        let parentFiles = reader.stringList("parent_files")
        let signer = reader.string("signer") ?? ""
        let hash = reader.string("hash", required: true)
        let signature = reader.string("signature")
        let previous = reader.string("previous") ?? ""
        let value = reader.string("value", required: kind?.isSetting ?? false) ?? ""
        let reason = reader.string("reason") ?? ""
        var key: SSHPublicKey?
        if let keyText {
            do throws(SigningError) { key = try SSHKeyLine.parse(keyText, format: .publicKey).key } catch {
                reader.invalid("key", error.message)
            }
        }
        var members: [Member] = []
        for line in memberLines {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard let name = parts.first else { continue }
            var member = Member(name: name, key: nil)
            if parts.count == 2 {
                do throws(SigningError) { member.key = try SSHKeyLine.parse(parts[1], format: .publicKey).key } catch {
                    reader.invalid("reviewers", "\(TerminalText.sanitizeLine(name)): \(error.message)")
                }
            }
            members.append(member)
        }
        guard let convoy, let kind, let by, let at, let hash, !reader.hasErrors else { return (nil, reader.problems) }
        var change = ReviewerChange(
            convoy: convoy, kind: kind, reviewer: reviewer, key: key, members: members, by: by, at: Date(),
            parents: [], signer: signer)
        change.atText = at.text
        change.date = at.date
        change.parents = parents
        change.parentFiles = parentFiles
        change.hash = hash
        change.signature = signature
        change.previous = previous
        change.value = value
        change.reason = reason
        return (change, [])
    }
}

/// A record's `at`: its value, and its text exactly as written (which is what gets hashed).
enum RecordTime {
    static func read(_ reader: FieldReader, key: String = "at") -> (text: String, date: Date, value: OffsetDateTime)? {
        guard let value = reader.offsetDateTime(key, required: true) else { return nil }
        return (reader.table.entry(key)?.dateTimeSourceText ?? value.description, Timestamp.date(value), value)
    }
}
