import Core
import DisplayText
import Foundation
import Signing

/// Who may decide a convoy's checkpoints, from `convoys/C/reviewers/`: the genesis and every signed change
/// after it, verified. `members(at:)` answers "who were the reviewers, with which keys, at this point of the
/// trail", which is what a decision's signature is checked against.
public struct ReviewerTrail: Sendable {
    public struct Entry: Sendable {
        public var file: String
        public var change: ReviewerChange
        /// True when the change passed every check: it is part of the reviewer set.
        public var counts: Bool
        /// A genesis, or a first key registered by its own holder: trusted on first use.
        public var trustedOnFirstUse: Bool
    }

    public let convoy: String
    /// Every record that parsed, in chain order.
    public private(set) var entries: [Entry] = []
    public private(set) var problems: [StoreProblem] = []
    /// The counted genesis, if there is exactly one.
    public private(set) var genesis: Entry?
    /// The reviewer set after each counted record, by record hash.
    private var states: [String: [String: ReviewerChange.Member]] = [:]
    /// Counted records no counted record follows.
    public private(set) var heads: [(hash: String, file: String)] = []

    public static func directory(_ layout: StoreLayout, convoy: String) -> String {
        layout.convoyDirectory(convoy) + "/reviewers"
    }

    /// True when the convoy has a reviewer trail at all (older convoys have none).
    public var exists: Bool { !entries.isEmpty || !problems.isEmpty }

    /// The reviewers at a counted record of the trail; nil when `hash` is not one.
    public func members(at hash: String) -> [String: ReviewerChange.Member]? { states[hash] }

    /// The reviewers now: every counted change applied (after a merge of clones, both sides).
    public var current: [ReviewerChange.Member] {
        let all = entries.filter(\.counts)
        return Self.fold(all.map(\.change)).values.sorted { $0.name < $1.name }
    }

    /// The `allowed_signers` lines of the current reviewers with keys (for `ssh-keygen -Y verify`).
    public var allowedSigners: [String] {
        current.compactMap { member in
            member.key.map { "\(member.name) namespaces=\"\(signatureNamespace)\" \($0.openSSHText)" }
        }
    }

    public init(layout: StoreLayout, convoy: String, cache: SignatureCache?) {
        self.convoy = convoy
        let directory = Self.directory(layout, convoy: convoy)
        var chain = HashChain<ReviewerChange>(directory: directory, layout: layout)
        let relative = { (file: String) in layout.relative(directory + "/" + file) }
        let ancestors = chain.ancestors()
        let geneses = chain.entries.indices.filter { chain.entries[$0].record.kind == .genesis }
        var counted = [Bool](repeating: false, count: chain.entries.count)
        var firstUse = [Bool](repeating: false, count: chain.entries.count)
        for index in chain.entries.indices where chain.entries[index].verified {
            let entry = chain.entries[index]
            let change = entry.record
            func refuse(_ message: String, _ category: StoreProblem.Category = .signature) {
                chain.reject(index, problem: StoreProblem(category, file: relative(entry.file), message: message))
            }
            if change.convoy != convoy {
                refuse(
                    "reviewer change belongs to convoy \(TerminalText.sanitizeLine(change.convoy)), not \(convoy): it was copied here",
                    .audit)
                continue
            }
            if change.kind == .genesis {
                if geneses.count > 1 {
                    refuse("the reviewer trail has \(geneses.count) genesis records; none counts")
                } else if !change.parents.isEmpty {
                    refuse("a genesis must not follow other records", .audit)
                } else if let problem = Self.problemWithMembers(change.members) {
                    refuse(problem, .schema)
                } else {
                    counted[index] = true
                    firstUse[index] = true
                }
                continue
            }
            let before = ancestors[index].filter { counted[$0] }.sorted()
            guard before.contains(where: { chain.entries[$0].record.kind == .genesis }) else {
                refuse("reviewer change does not follow the convoy's genesis; it does not count")
                continue
            }
            let state = Self.fold(before.map { chain.entries[$0].record })
            switch Self.check(change, against: state, cache: cache) {
            case .failure(let failure):
                let subject = change.kind.isSetting ? change.value : change.reviewer
                refuse(
                    "\(change.kind.rawValue) \(TerminalText.sanitizeLine(subject)) does not count: \(failure.message)")
            case .success(let tofu):
                counted[index] = true
                firstUse[index] = tofu
            }
        }
        problems = chain.problems
        var stateOf: [String: [String: ReviewerChange.Member]] = [:]
        for index in chain.entries.indices where counted[index] {
            let chainBefore = ancestors[index].filter { counted[$0] }.sorted()
            stateOf[chain.entries[index].record.hash] = Self.fold(
                chainBefore.map { chain.entries[$0].record } + [chain.entries[index].record])
        }
        states = stateOf
        entries = chain.entries.indices.map {
            Entry(
                file: chain.entries[$0].file, change: chain.entries[$0].record, counts: counted[$0],
                trustedOnFirstUse: firstUse[$0])
        }
        genesis = entries.first { $0.counts && $0.change.kind == .genesis }
        let followed = Set(entries.filter(\.counts).flatMap(\.change.parents))
        heads = entries.filter { $0.counts && !followed.contains($0.change.hash) }.map { ($0.change.hash, $0.file) }
    }

    /// The set after applying `changes` in order.
    static func fold(_ changes: [ReviewerChange]) -> [String: ReviewerChange.Member] {
        var members: [String: ReviewerChange.Member] = [:]
        for change in changes {
            switch change.kind {
            case .genesis: for member in change.members { members[member.name] = member }
            case .add, .setKey: members[change.reviewer] = ReviewerChange.Member(name: change.reviewer, key: change.key)
            case .remove: members[change.reviewer] = nil
            case .status, .day: continue
            }
        }
        return members
    }

    /// Whether a change after the genesis may be made by its signer in `state`; success says whether it is a
    /// first key registered by its holder (trust on first use).
    static func check(_ change: ReviewerChange, against state: [String: ReviewerChange.Member], cache: SignatureCache?)
        -> Result<Bool, CheckFailure>
    {
        let target = TerminalText.sanitizeLine(change.reviewer)
        let by = TerminalText.sanitizeLine(change.by)
        if !change.kind.isSetting, let problem = NameValidation.problem(with: change.reviewer) {
            return .failure(CheckFailure("reviewer name \"\(target)\" is not valid: \(problem)"))
        }
        var signingKey: SSHPublicKey?
        var firstUse = false
        switch change.kind {
        case .genesis:
            return .failure(CheckFailure("a second genesis does not count"))
        case .add:
            guard state[change.reviewer] == nil else {
                return .failure(CheckFailure("\(target) is already a reviewer"))
            }
            guard change.key != nil else { return .failure(CheckFailure("adding \(target) names no key")) }
            signingKey = state[change.by]?.key
        case .remove:
            guard state[change.reviewer] != nil else { return .failure(CheckFailure("\(target) is not a reviewer")) }
            signingKey = state[change.by]?.key
        case .setKey:
            guard let member = state[change.reviewer] else {
                return .failure(CheckFailure("\(target) is not a reviewer"))
            }
            guard change.key != nil else { return .failure(CheckFailure("the key change for \(target) names no key")) }
            guard change.by == change.reviewer else {
                return .failure(CheckFailure("only \(target) may set their own key, not \(by)"))
            }
            firstUse = member.key == nil
            signingKey = member.key ?? change.key
        case .status, .day:
            if let problem = ConvoySetting.problem(kind: change.kind, value: change.value) {
                return .failure(CheckFailure(problem))
            }
            guard state[change.by] != nil else {
                return .failure(CheckFailure("\(by) was not a reviewer of the convoy when making this change"))
            }
            // Unsigned: counts only in an unsigned workspace, which ConvoyAuthority knows.
            if change.signer.isEmpty && change.signature == nil { return .success(false) }
            signingKey = state[change.by]?.key
        }
        guard state[change.by] != nil || change.kind == .setKey else {
            return .failure(CheckFailure("\(by) was not a reviewer of the convoy when making this change"))
        }
        guard let signingKey else {
            return .failure(CheckFailure("\(by) had no registered key when making this change"))
        }
        guard change.signer == signingKey.fingerprint else {
            return .failure(
                CheckFailure(
                    "it names signer \(TerminalText.sanitizeLine(change.signer)), but \(by)'s key is \(signingKey.fingerprint)"
                ))
        }
        if let problem = SignatureCheck.problem(
            armored: change.signature, key: signingKey, canonical: change.canonicalText, hash: change.hash, cache: cache
        ) {
            return .failure(CheckFailure(problem))
        }
        return .success(firstUse)
    }

    struct CheckFailure: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    static func problemWithMembers(_ members: [ReviewerChange.Member]) -> String? {
        var seen = Set<String>()
        for member in members {
            if let problem = NameValidation.problem(with: member.name) {
                return "reviewer name \"\(TerminalText.sanitizeLine(member.name))\" is not valid: \(problem)"
            }
            if !seen.insert(member.name).inserted { return "reviewer \(member.name) is listed twice" }
        }
        return nil
    }
}
