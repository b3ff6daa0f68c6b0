extension StateMachine {
    /// Steps being worked on (active, or blocked by a failing gate), in formula order.
    public static func workingSteps(in progress: MoleculeProgress, formula: Formula) -> [String] {
        formula.steps.map(\.id).filter {
            let status = progress.steps[$0]?.status
            return status == .active || status == .blocked
        }
    }
}
