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
