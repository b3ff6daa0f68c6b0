import Core
import Foundation
import TOML

/// Any signed record file, read for `gastown audit canonical`: a decision, a reviewer change, a finding's
/// resolution or a gate record. Its canonical text is what its hash and signature cover.
public enum SignedRecordFile {
    public struct Contents: Sendable {
        public var canonicalText: [UInt8]
        public var signature: String?
        public var signer: String
        /// The reviewer or signer name the record claims (for `ssh-keygen -Y verify -I`).
        public var identity: String
    }

    public static func read(_ path: String) throws(StoreError) -> Contents {
        guard let bytes = try AtomicFile.read(path) else { throw StoreError(.notFound, "no such file: \(path)") }
        let table: TOMLTable
        switch TOMLFile.parse(bytes, file: path) {
        case .failure(let problem): throw StoreError(.io, problem.description)
        case .success(let parsed): table = parsed
        }
        func fields(_ problems: [StoreProblem]) -> StoreError {
            StoreError(.io, problems.map(\.description).joined(separator: "\n"))
        }
        if table["decision"] != nil {
            let (record, problems) = AuditRecord.from(table, file: path)
            guard let record else { throw fields(problems) }
            return Contents(
                canonicalText: record.canonicalText, signature: record.signature, signer: record.signer,
                identity: record.reviewer)
        }
        if table["change"] != nil {
            let (change, problems) = ReviewerChange.from(table, file: path)
            guard let change else { throw fields(problems) }
            return Contents(
                canonicalText: change.canonicalText, signature: change.signature, signer: change.signer,
                identity: change.by)
        }
        if table["resolution"] != nil, let id = table["id"]?.stringValue {
            // …/convoys/C/molecules/M/findings/ID.toml
            let parts = path.split(separator: "/").map(String.init)
            let molecule = parts.count >= 3 ? parts[parts.count - 3] : ""
            let convoy = parts.count >= 5 ? parts[parts.count - 5] : ""
            let parsed = FindingRecord.parse(bytes, id: id, molecule: molecule, file: path)
            guard let record = parsed.record, let claim = record.resolutionClaim(convoy: convoy) else {
                throw fields(parsed.problems)
            }
            return Contents(
                canonicalText: claim.canonicalText, signature: claim.signature, signer: claim.signer,
                identity: claim.reviewer)
        }
        throw StoreError(
            .invalidInput,
            "\(path) is not a signed gastown record (a decision, a reviewer change or a resolved finding)")
    }
}
