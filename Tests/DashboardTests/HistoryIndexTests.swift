import Foundation
import Testing

@testable import Dashboard

/// The History filter's index answers as a plain case-insensitive substring search over each decision's fields
/// would, whatever order filters are typed, erased and typed again in.
@Suite struct HistoryIndexTests {
    static let reviewers = ["MChen", "alice", "Örjan", "bob-smith", "ZOE"]

    static let entries: [HistoryEntry] = (0..<60).map { number in
        HistoryEntry(
            convoyID: "convoy-\(number % 4)", moleculeID: "Mol-\(number)",
            decision: DecisionSnapshot(
                checkpointID: number % 3 == 0 ? "Legal-Review" : "qa", stepID: "step-\(number % 5)",
                approved: number % 2 == 0, reviewer: reviewers[number % reviewers.count],
                reason: number % 7 == 0 ? "Missing ÉVIDENCE for control \(number)" : nil,
                returnedTo: number % 2 == 0 ? nil : "draft", at: Date(timeIntervalSince1970: Double(number)),
                mark: number % 11 == 0 ? .problem("bad signature") : .signed))
    }

    /// What the filter must return: every entry with the needle in one of its searchable fields, in order.
    static func expected(_ needle: String) -> [String] {
        guard !needle.isEmpty else { return entries.map(\.moleculeID) }
        return entries.filter { entry in
            let d = entry.decision
            let fields = [
                d.reviewer, d.checkpointID, d.stepID, entry.moleculeID, entry.convoyID, d.reason ?? "",
                d.returnedTo ?? "", d.mark.label, d.approved ? "approved" : "rejected",
            ]
            return fields.contains { $0.lowercased().contains(needle.lowercased()) }
        }.map(\.moleculeID)
    }

    @Test func typingErasingAndRetypingMatchesAPlainSearch() {
        let index = HistoryIndex(Self.entries)
        let typed = [
            "b", "bo", "bob", "bo", "b", "", "m", "mo", "mol-1", "mol-12", "mol-1", "b", "bob", "lEGAL", "legal-r",
            "Ö", "örj", "évidence", "✗", "✗ problem", "rejected", "draft", "nobody", "mc", "MChen",
        ]
        for needle in typed {
            let rows = index.filtered(needle)
            #expect(rows.map(\.moleculeID) == Self.expected(needle), "filter \(needle)")
            #expect(rows.count == Self.expected(needle).count, "count of \(needle)")
        }
    }

    @Test func withoutAFilterEveryEntryInOrder() {
        let rows = HistoryIndex(Self.entries).filtered("")
        #expect(rows.map(\.moleculeID) == Self.entries.map(\.moleculeID))
    }
}
