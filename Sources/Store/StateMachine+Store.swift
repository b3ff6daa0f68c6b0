import Core
import Foundation

extension StateMachine {
    /// The progress after `event`; an illegal event becomes a `kind` store error with the state machine's reason.
    public static func applying(
        _ event: MoleculeEvent, to progress: MoleculeProgress, formula: Formula, now: Date,
        failingAs kind: StoreError.Kind = .refused
    ) throws(StoreError) -> MoleculeProgress {
        switch apply(event, to: progress, formula: formula, now: now) {
        case .success(let next): return next
        case .failure(let error): throw StoreError(kind, error.reason)
        }
    }
}

extension AuditRecord.Decision {
    /// The state-machine event a recorded decision stands for.
    public func event(checkpoint: String, reviewer: String, reason: String?, returnTo: String?, at date: Date)
        -> MoleculeEvent
    {
        switch self {
        case .approved: .approve(checkpoint: checkpoint, reviewer: reviewer, at: date)
        case .rejected:
            .reject(checkpoint: checkpoint, reviewer: reviewer, reason: reason ?? "", to: returnTo, at: date)
        }
    }
}
