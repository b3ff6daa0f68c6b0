extension StateMachine {
    /// Everything wrong with a progress record against its formula: what the state machine can never
    /// produce, but a hand-edited or agent-written file can claim. Empty when consistent.
    public static func consistencyProblems(of progress: MoleculeProgress, formula: Formula) -> [String] {
        var problems: [String] = []
        for step in formula.steps where progress.steps[step.id] == nil {
            problems.append("step \(step.id) has no progress entry")
        }
        for id in progress.steps.keys.sorted() where formula.step(id) == nil {
            problems.append("progress names step \(id), which the formula does not have")
        }
        for step in formula.steps {
            guard let state = progress.steps[step.id] else { continue }
            if state.attempt < 1 {
                problems.append("step \(step.id) has attempt \(state.attempt) (must be at least 1)")
            }
            if state.status != .pending {
                let waiting = unfinishedPrerequisites(of: step.id, in: progress, formula: formula)
                if !waiting.isEmpty {
                    problems.append(
                        "step \(step.id) is \(state.status.rawValue) but \(waiting.joined(separator: ", ")) is not done"
                    )
                }
            }
            switch state.status {
            case .awaitingApproval:
                guard let checkpoint = step.checkpoint else {
                    problems.append("step \(step.id) awaits approval but has no checkpoint")
                    break
                }
                if !progress.approvalRequests.contains(where: {
                    $0.checkpointID == checkpoint.id && $0.attempt == state.attempt
                }) {
                    problems.append("step \(step.id) awaits approval but checkpoint \(checkpoint.id) was never opened")
                }
            case .done:
                if let checkpoint = step.checkpoint {
                    let approved = progress.history.contains {
                        $0.checkpointID == checkpoint.id && $0.decision == .approved && $0.attempt == state.attempt
                    }
                    if !approved {
                        problems.append("step \(step.id) is done but checkpoint \(checkpoint.id) was not approved")
                    }
                }
                if let gate = step.gate, gate.blocksCompletion, progress.gateResults[gate.id]?.passed != true {
                    problems.append("step \(step.id) is done but mandatory gate \(gate.id) has not passed")
                }
            case .blocked:
                if failingMandatoryGate(of: step.id, in: progress, formula: formula) == nil {
                    problems.append("step \(step.id) is blocked but no mandatory gate of it fails")
                }
            case .active, .pending:
                break
            }
        }
        // Every decision answers an earlier request for the same checkpoint and attempt.
        var requests = progress.approvalRequests
        for decision in progress.history {
            guard
                let i = requests.firstIndex(where: {
                    $0.checkpointID == decision.checkpointID && $0.attempt == decision.attempt && $0.at <= decision.at
                })
            else {
                problems.append(
                    "\(decision.decision.rawValue) of \(decision.checkpointID) (attempt \(decision.attempt)) without a preceding request"
                )
                continue
            }
            requests.remove(at: i)
            if decision.decision == .rejected {
                if (decision.reason ?? "").trimmingWhitespace().isEmpty {
                    problems.append("rejection of \(decision.checkpointID) has no reason")
                }
                if decision.returnedTo == nil {
                    problems.append("rejection of \(decision.checkpointID) does not say where it returned to")
                }
            }
        }
        return problems
    }
}
