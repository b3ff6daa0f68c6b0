import DisplayText
import Foundation

/// Everything a report is rendered from: the molecule, its formula and progress (gate evidence and
/// checkpoint history), and any compliance findings recorded by the triage.
public struct ReportInput: Sendable {
    public var moleculeName: String
    public var convoy: String?
    public var variables: [String: String]
    public var inputs: [String]
    public var formula: Formula
    public var progress: MoleculeProgress
    public var findings: [ComplianceFinding]
    /// Manual day-completion checks that were confirmed.
    public var manualChecks: Set<String>
    public var generatedAt: Date

    public init(
        moleculeName: String, convoy: String? = nil, variables: [String: String] = [:], inputs: [String] = [],
        formula: Formula, progress: MoleculeProgress, findings: [ComplianceFinding] = [],
        manualChecks: Set<String> = [], generatedAt: Date
    ) {
        self.moleculeName = moleculeName
        self.convoy = convoy
        self.variables = variables
        self.inputs = inputs
        self.formula = formula
        self.progress = progress
        self.findings = findings
        self.manualChecks = manualChecks
        self.generatedAt = generatedAt
    }
}

/// Builds the Mustache context of a compliance report: plain dictionaries, arrays, strings and
/// booleans, every untrusted string made single-line and control-free. Pure and deterministic.
/// The field names are documented in docs/formulas.md ("Report template fields").
public enum ReportContext {
    public static func build(_ input: ReportInput) -> [String: Any] {
        let formula = input.formula
        let progress = input.progress
        func clean(_ text: String?) -> String { TerminalText.sanitizeLine(text ?? "").trimmingWhitespace() }
        func list(_ items: [String]) -> [[String: Any]] { items.map { ["text": $0] } }

        // Steps and phases (APDC adherence).
        let phases: [[String: Any]] = formula.steps.map { step in
            let state = progress.steps[step.id] ?? StepProgress()
            let decisions = step.checkpoint.map { c in progress.history.filter { $0.checkpointID == c.id } } ?? []
            return [
                "id": clean(step.id), "title": clean(Placeholders.substitute(step.title, with: input.variables)),
                "kind": step.kind?.rawValue.uppercased() ?? "", "status": state.status.rawValue,
                "done": state.status == .done, "attempt": state.attempt,
                "duration": step.durationText.map(clean) ?? "", "checkpoint": clean(step.checkpoint?.id),
                "decisionCount": decisions.count,
                "lastDecision": decisions.last.map { "\($0.decision.rawValue) by \(clean($0.reviewer))" } ?? "",
            ]
        }

        // Gates with their latest evidence.
        var failingGates: [String] = []
        var uncheckedGates: [String] = []
        let gates: [[String: Any]] = formula.steps.compactMap { step in
            guard let gate = step.gate else { return nil }
            let result = progress.gateResults[gate.id]
            let status = result.map { $0.passed ? "passed" : "failing" } ?? "not checked"
            if gate.blocksCompletion {
                if result == nil {
                    uncheckedGates.append(gate.id)
                } else if result?.passed == false {
                    failingGates.append(gate.id)
                }
            }
            return [
                "id": clean(gate.id), "step": clean(step.id), "type": gate.type.name, "mandatory": gate.mandatory,
                "status": status, "passed": result?.passed == true, "summary": clean(result?.summary),
                "checkedAt": result.map { Timestamps.iso8601($0.checkedAt) } ?? "",
            ]
        }

        // The test gate: the first `tests` gate of the formula.
        var tests: [String: Any] = ["known": false]
        var passRateText = "not measured"
        if let step = formula.steps.first(where: { if case .tests? = $0.gate?.type { true } else { false } }),
            let gate = step.gate, case .tests(let rate, let allowSkipped, let allowAntiPatterns) = gate.type
        {
            tests["gateID"] = clean(gate.id)
            tests["requiredPassRate"] = Gate.percent(rate)
            tests["skippedAllowed"] = allowSkipped
            tests["antiPatternsAllowed"] = allowAntiPatterns
            if let result = progress.gateResults[gate.id] {
                tests["checked"] = true
                tests["gatePassed"] = result.passed
                tests["summary"] = clean(result.summary)
                tests["checkedAt"] = Timestamps.iso8601(result.checkedAt)
                if let counts = result.tests {
                    passRateText = Gate.percent(counts.passRate)
                    tests["known"] = true
                    tests["passed"] = counts.passed
                    tests["failed"] = counts.failed
                    tests["skipped"] = counts.skipped
                    tests["total"] = counts.total
                    tests["passRate"] = passRateText
                    tests["meetsRequirement"] = counts.passRate + 1e-9 >= rate && (allowSkipped || counts.skipped == 0)
                }
            }
        }

        // Anti-pattern hits from every gate's evidence, most severe first.
        let antiPatternsByID = Dictionary(formula.antiPatterns.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let hits = progress.gateResults.values.flatMap(\.antiPatternHits).sorted {
            ($0.severity.rank, $1.file, $1.line) > ($1.severity.rank, $0.file, $0.line)
        }
        let uniqueHits = hits.reduce(into: [AntiPatternHit]()) { acc, hit in if !acc.contains(hit) { acc.append(hit) } }
        let hitRows: [[String: Any]] = uniqueHits.map { hit in
            let pattern = antiPatternsByID[hit.antiPatternID]
            return [
                "name": clean(pattern?.name ?? hit.antiPatternID), "severity": hit.severity.rawValue.uppercased(),
                "file": clean(hit.file), "line": hit.line, "excerpt": clean(hit.excerpt),
                "advice": clean(pattern?.advice),
            ]
        }

        // Open findings per validation category, most severe first (ties: category, title, id, so the order
        // never depends on the order they were loaded in); resolved ones are listed apart and count for nothing.
        func mostSevereFirst(_ a: ComplianceFinding, _ b: ComplianceFinding) -> Bool {
            (a.severity.rank, b.category, b.title, b.id ?? "") > (b.severity.rank, a.category, a.title, a.id ?? "")
        }
        let findings = input.findings.filter(\.isOpen).sorted(by: mostSevereFirst)
        let resolvedFindings = input.findings.filter { !$0.isOpen }.sorted(by: mostSevereFirst)
        func findingRow(_ f: ComplianceFinding) -> [String: Any] {
            // Empty strings are truthy in Mustache sections: leave absent fields out instead.
            var row: [String: Any] = [
                "category": clean(f.category), "severity": f.severity.rawValue.uppercased(),
                "title": clean(f.title), "blocking": f.isBlocking,
            ]
            if !clean(f.id).isEmpty { row["id"] = clean(f.id) }
            if !clean(f.detail).isEmpty { row["detail"] = clean(f.detail) }
            if !clean(f.location).isEmpty { row["location"] = clean(f.location) }
            if let r = f.resolution {
                row["resolvedBy"] = clean(r.by)
                row["resolvedAt"] = Timestamps.iso8601(r.at)
                row["resolutionNote"] = clean(r.note)
            }
            return row
        }
        let resolvedRows = resolvedFindings.map(findingRow)
        func section(_ keywords: [String]) -> [String: Any] {
            let rows = findings.filter { f in keywords.contains { FormulaDecoder.slug(f.category).contains($0) } }.map(
                findingRow)
            return ["findings": rows, "hasFindings": !rows.isEmpty]
        }
        let categories: [[String: Any]] = formula.validationCategories.map { name in
            let rows = findings.filter { FormulaDecoder.slug($0.category) == FormulaDecoder.slug(name) }.map(findingRow)
            // The scan's hits are findings of the anti-pattern category too, or the summary would read 0 beside them.
            let scanned = FormulaDecoder.slug(name).contains("anti-pattern") ? uniqueHits.count : 0
            let count = rows.count + scanned
            return ["name": clean(name), "findings": rows, "count": count, "hasFindings": count > 0]
        }

        // Issues, warnings, recommendations, gaps.
        var critical: [String] = []
        var warnings: [String] = []
        for gateID in failingGates {
            critical.append("Mandatory gate \(gateID) fails: \(clean(progress.gateResults[gateID]?.summary))")
        }
        for hit in uniqueHits {
            let name = clean(antiPatternsByID[hit.antiPatternID]?.name ?? hit.antiPatternID)
            let text = "\(hit.severity.rawValue.uppercased()): \(name) at \(clean(hit.file)):\(hit.line)"
            (hit.severity >= .high ? { critical.append(text) } : { warnings.append(text) })()
        }
        for f in findings {
            let text =
                "\(f.severity.rawValue.uppercased()) [\(clean(f.category))]: \(clean(f.title))"
                + (f.location.map { " (\(clean($0)))" } ?? "")
            (f.isBlocking ? { critical.append(text) } : { warnings.append(text) })()
        }
        for gate in formula.gates where !gate.mandatory {
            if progress.gateResults[gate.id]?.passed == false {
                warnings.append(
                    "Advisory gate \(clean(gate.id)) fails: \(clean(progress.gateResults[gate.id]?.summary))")
            }
        }
        var recommendations: [String] = []
        for hit in uniqueHits {
            guard let pattern = antiPatternsByID[hit.antiPatternID], let advice = pattern.advice else { continue }
            let text = "\(clean(pattern.name)): \(clean(advice))"
            if !recommendations.contains(text) { recommendations.append(text) }
        }
        for gateID in uncheckedGates { recommendations.append("Run the check for gate \(gateID)") }
        for (checkpoint, stepID) in StateMachine.openCheckpoints(in: progress, formula: formula).map({
            ($0.checkpoint.id, $0.stepID)
        }) {
            recommendations.append("Decide checkpoint \(clean(checkpoint)) (step \(clean(stepID)))")
        }
        let criteria = formula.progressionRules.evaluate(progress, formula: formula, manualChecks: input.manualChecks)
        var gaps: [String] = criteria.filter { !$0.met }.map {
            "\(clean($0.criterion.description)): \(clean($0.detail))"
        }
        for gateID in uncheckedGates { gaps.append("No evidence yet for gate \(gateID)") }

        // Status and sign-off.
        let complete = StateMachine.isComplete(progress, formula: formula)
        let status: String
        if complete {
            status = "COMPLETE"
        } else if progress.steps.values.contains(where: { $0.status == .blocked }) {
            status = "BLOCKED"
        } else if progress.steps.values.contains(where: { $0.status == .awaitingApproval }) {
            status = "AWAITING APPROVAL"
        } else {
            status = "IN PROGRESS"
        }
        let approve = critical.isEmpty && failingGates.isEmpty && uncheckedGates.isEmpty
        let recommendation = approve ? "APPROVE" : (critical.isEmpty ? "NOT READY" : "FIX REQUIRED")
        var signOffReasons: [String] = []
        if !critical.isEmpty {
            signOffReasons.append("\(critical.count) blocking issue\(critical.count == 1 ? "" : "s")")
        }
        if !uncheckedGates.isEmpty {
            signOffReasons.append("gates not checked: \(uncheckedGates.joined(separator: ", "))")
        }
        if approve { signOffReasons.append("every mandatory gate passed and no blocking issue was found") }

        let decisions: [[String: Any]] = progress.history.map { d in
            [
                "checkpoint": clean(d.checkpointID), "step": clean(d.stepID), "decision": d.decision.rawValue,
                "approved": d.decision == .approved, "reviewer": clean(d.reviewer), "reason": clean(d.reason),
                "returnedTo": clean(d.returnedTo), "attempt": d.attempt, "at": Timestamps.iso8601(d.at),
            ]
        }
        let total = formula.totalPlannedTime
        let remaining = StateMachine.remainingPlannedRange(progress, formula: formula, now: input.generatedAt)

        return [
            "report": ["generatedAt": Timestamps.iso8601(input.generatedAt)],
            "molecule": [
                "name": clean(input.moleculeName), "convoy": clean(input.convoy), "hasConvoy": input.convoy != nil,
                "status": status, "complete": complete,
                "inputs": list(input.inputs.map(clean)), "hasInputs": !input.inputs.isEmpty,
                "variables": input.variables.keys.sorted().map {
                    ["name": clean($0), "value": clean(input.variables[$0])]
                },
                "stepsDone": formula.steps.filter { progress.steps[$0.id]?.status == .done }.count,
                "stepCount": formula.steps.count,
                "remaining": PlannedDuration.format(minimum: remaining.minimum, maximum: remaining.maximum),
            ] as [String: Any],
            "formula": [
                "name": clean(formula.name), "version": clean(formula.version?.description),
                "totalPlanned": PlannedDuration.format(minimum: total.minimum, maximum: total.maximum),
                "authoritativeSources": list(formula.authoritativeSources.map(clean)),
                "validationCategories": categories,
            ] as [String: Any],
            "summary": ["status": status, "passRate": passRateText, "recommendation": recommendation],
            "tests": tests,
            "antiPatternHits": hitRows, "hasAntiPatternHits": !hitRows.isEmpty,
            "findingCounts": [
                "open": findings.count, "resolved": resolvedRows.count,
                "critical": findings.filter { $0.severity == .critical }.count,
                "high": findings.filter { $0.severity == .high }.count,
                "medium": findings.filter { $0.severity == .medium }.count,
                "low": findings.filter { $0.severity == .low }.count,
            ],
            "resolvedFindings": resolvedRows, "hasResolvedFindings": !resolvedRows.isEmpty,
            "sections": [
                "businessRequirements": section(["business-requirement"]),
                "testingStandards": section(["testing-standards", "anti-patterns", "defense-in-depth"]),
                "apiContract": section(["api-contract"]),
                "apdc": section(["apdc"]),
                "soc2": section(["soc2"]),
                "projectRules": section(["project-rules"]),
            ] as [String: Any],
            "phases": phases,
            "gates": gates,
            "decisions": decisions, "hasDecisions": !decisions.isEmpty,
            "criteria": criteria.map {
                ["description": clean($0.criterion.description), "met": $0.met, "detail": clean($0.detail)]
            },
            "criticalIssues": list(critical), "hasCriticalIssues": !critical.isEmpty,
            "warnings": list(warnings), "hasWarnings": !warnings.isEmpty,
            "recommendations": list(recommendations), "hasRecommendations": !recommendations.isEmpty,
            "gaps": list(gaps), "hasGaps": !gaps.isEmpty,
            "signOff": ["recommendation": recommendation, "approve": approve, "reasons": list(signOffReasons)]
                as [String: Any],
        ]
    }
}
