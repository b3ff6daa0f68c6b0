extension StateMachine {
    /// Steps being worked on (active, or blocked by a failing gate), in formula order.
    public static func workingSteps(in progress: MoleculeProgress, formula: Formula) -> [String] {
        formula.steps.map(\.id).filter {
            let status = progress.steps[$0]?.status
            return status == .active || status == .blocked
        }
    }

    /// Where a molecule is, for every screen: the steps being worked on or waiting for a decision
    /// (active, blocked, awaiting approval), in formula order — several at once in a convoy or a DAG —
    /// or, when there are none, the steps ready to start (`ready` true). Empty when it is complete.
    public static func currentSteps(in progress: MoleculeProgress, formula: Formula) -> (steps: [String], ready: Bool) {
        let busy = formula.steps.map(\.id).filter {
            let status = progress.steps[$0]?.status
            return status == .active || status == .blocked || status == .awaitingApproval
        }
        if !busy.isEmpty { return (busy, false) }
        return (readySteps(in: progress, formula: formula), true)
    }
}
