import Core
import Foundation

/// What `gastown audit verify` reports: every trail checked from the files, every signature verified (the
/// cache is not used), with the workspace's and each convoy's trust problems.
public struct AuditReport: Sendable {
    public var molecules = 0
    public var records = 0
    public var reviewerChanges = 0
    /// Molecules whose trail has more than one head (a merge of clones not yet joined by a new record).
    public var unmergedBranches = 0
    public var signing: WorkspaceConfig.SigningPolicy = .required
    /// Each problem once.
    public var problems: [StoreProblem] = []
}

extension BeadsStore {
    public func verifyAudit() -> AuditReport {
        let context = signingContext(cached: false)
        let now = clock()
        var report = AuditReport()
        report.signing = context.policy
        var problems = context.problems
        let convoys: [String]
        do throws(StoreError) {
            convoys = try convoyNames()
        } catch {
            problems.append(
                StoreProblem(
                    .audit, file: layout.relative(layout.convoys), message: layout.relativeMessage(error.message)))
            convoys = []
        }
        for convoy in convoys {
            let authority = context.authority(for: convoy)
            report.reviewerChanges += authority.trail.entries.count
            problems += authority.problems
            let names: [String]
            do throws(StoreError) {
                names = try moleculeNames(in: convoy)
            } catch {
                let folder = layout.relative(layout.moleculesDirectory(convoy))
                problems.append(StoreProblem(.audit, file: folder, message: layout.relativeMessage(error.message)))
                names = []
            }
            let trails = ParallelArray.make(count: names.count, batch: 1) { index in
                AuditTrail(layout: layout, convoy: convoy, molecule: names[index], authority: authority, now: now)
            }
            for trail in trails {
                report.molecules += 1
                report.records += trail.entries.count
                if trail.heads.count > 1 { report.unmergedBranches += 1 }
                problems += trail.problems
            }
        }
        var seen = Set<StoreProblem>()
        report.problems = problems.filter { seen.insert($0).inserted }
        return report
    }
}
