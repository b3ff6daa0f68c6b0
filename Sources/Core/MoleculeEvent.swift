import Foundation

/// Something that happens to a molecule. `StateMachine.apply` accepts it or says why not.
public enum MoleculeEvent: Sendable, Hashable {
    /// An agent starts working on a ready step.
    case start(step: String)
    /// The step's work is finished: done, or awaiting approval when it has a checkpoint.
    case complete(step: String)
    case approve(checkpoint: String, reviewer: String, at: Date)
    /// Reason required. `to` overrides the checkpoint's `on_reject` (the step itself or one it depends on).
    case reject(checkpoint: String, reviewer: String, reason: String, to: String?, at: Date)
    /// A gate was checked: stores the result; a failing mandatory gate blocks an active step.
    case recordGate(step: String, result: GateResult)
    case assign(step: String, assignee: String?)
}

/// Why an event was refused. The progress it was applied to is unchanged.
public struct TransitionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
