import DisplayText
import Foundation

extension ReportContext {
    /// The context of a report for one molecule. Pure and deterministic: the order of findings, hits and
    /// variables never depends on the order they were loaded in.
    public static func build(_ input: ReportInput) -> ReportContext {
        let facts = ReportFacts(input)
        let (tests, passRate) = tests(facts)
        let (critical, warnings) = issues(facts)
        let recommendations = recommendations(facts)
        let gaps = gaps(facts)
        let status = status(facts)
        let signOff = signOff(facts, critical: critical)
        let resolved = facts.resolvedFindings.map(findingRow)
        let decisions = decisions(facts)
        return ReportContext(
            report: Report(generatedAt: Timestamps.iso8601(input.generatedAt)),
            molecule: molecule(facts, status: status), formula: formulaFacts(facts),
            summary: Summary(status: status, passRate: passRate, recommendation: signOff.recommendation),
            tests: tests,
            antiPatternHits: hitRows(facts), hasAntiPatternHits: !facts.hits.isEmpty,
            findingCounts: findingCounts(facts),
            resolvedFindings: resolved, hasResolvedFindings: !resolved.isEmpty,
            sections: sections(facts), phases: phases(facts), gates: facts.gateRows,
            decisions: decisions, hasDecisions: !decisions.isEmpty,
            criteria: facts.criteria.map {
                CriterionRow(description: clean($0.criterion.description), met: $0.met, detail: clean($0.detail))
            },
            criticalIssues: items(critical), hasCriticalIssues: !critical.isEmpty,
            warnings: items(warnings), hasWarnings: !warnings.isEmpty,
            recommendations: items(recommendations), hasRecommendations: !recommendations.isEmpty,
            gaps: items(gaps), hasGaps: !gaps.isEmpty,
            signOff: signOff)
    }

    // MARK: - The molecule and its formula

    static func molecule(_ facts: ReportFacts, status: String) -> Molecule {
        let input = facts.input
        let remaining = StateMachine.remainingPlannedRange(
            facts.progress, formula: facts.formula, now: input.generatedAt)
        return Molecule(
            name: clean(input.moleculeName), convoy: clean(input.convoy), hasConvoy: input.convoy != nil,
            status: status, complete: StateMachine.isComplete(facts.progress, formula: facts.formula),
            inputs: items(input.inputs.map(clean)), hasInputs: !input.inputs.isEmpty,
            variables: input.variables.keys.sorted().map {
                Variable(name: clean($0), value: clean(input.variables[$0]))
            },
            stepsDone: facts.formula.steps.filter { facts.progress.steps[$0.id]?.status == .done }.count,
            stepCount: facts.formula.steps.count,
            remaining: PlannedDuration.format(minimum: remaining.minimum, maximum: remaining.maximum))
    }

    static func formulaFacts(_ facts: ReportFacts) -> FormulaFacts {
        let formula = facts.formula
        let total = formula.totalPlannedTime
        let categories = formula.validationCategories.map { name in
            let rows = facts.openFindings.filter { FormulaDecoder.slug($0.category) == FormulaDecoder.slug(name) }
                .map(findingRow)
            // The scan's hits are findings of the anti-pattern category too, or the summary would read 0 beside them.
            let count = rows.count + (FormulaDecoder.slug(name).contains("anti-pattern") ? facts.hits.count : 0)
            return CategoryRow(name: clean(name), findings: rows, count: count, hasFindings: count > 0)
        }
        return FormulaFacts(
            name: clean(formula.name), version: clean(formula.version?.description),
            totalPlanned: PlannedDuration.format(minimum: total.minimum, maximum: total.maximum),
            authoritativeSources: items(formula.authoritativeSources.map(clean)), validationCategories: categories)
    }

    /// COMPLETE, BLOCKED, AWAITING APPROVAL or IN PROGRESS.
    static func status(_ facts: ReportFacts) -> String {
        let steps = facts.progress.steps.values
        if StateMachine.isComplete(facts.progress, formula: facts.formula) { return "COMPLETE" }
        if steps.contains(where: { $0.status == .blocked }) { return "BLOCKED" }
        if steps.contains(where: { $0.status == .awaitingApproval }) { return "AWAITING APPROVAL" }
        return "IN PROGRESS"
    }

    // MARK: - Tests, gates and anti-patterns

    /// The first `tests` gate with its latest evidence, and the pass rate the summary shows.
    static func tests(_ facts: ReportFacts) -> (Tests, passRate: String) {
        var tests = Tests()
        guard let step = facts.formula.steps.first(where: { if case .tests? = $0.gate?.type { true } else { false } }),
            let gate = step.gate, case .tests(let rate, let allowSkipped, let allowAntiPatterns) = gate.type
        else { return (tests, "not measured") }
        tests.gateID = clean(gate.id)
        tests.requiredPassRate = PassRate.text(rate)
        tests.skippedAllowed = allowSkipped
        tests.antiPatternsAllowed = allowAntiPatterns
        guard let result = facts.progress.gateResults[gate.id] else { return (tests, "not measured") }
        tests.checked = true
        tests.gatePassed = result.passed
        tests.summary = clean(result.summary)
        tests.checkedAt = Timestamps.iso8601(result.checkedAt)
        guard let counts = result.tests else { return (tests, "not measured") }
        let passRate = counts.passRateText
        tests.known = true
        tests.passed = counts.passed
        tests.failed = counts.failed
        tests.skipped = counts.skipped
        tests.total = counts.total
        tests.passRate = passRate
        tests.meetsRequirement = counts.passRate + 1e-9 >= rate && (allowSkipped || counts.skipped == 0)
        return (tests, passRate)
    }

    static func hitRows(_ facts: ReportFacts) -> [AntiPatternHitRow] {
        facts.hits.map { hit in
            let pattern = facts.antiPatterns[hit.antiPatternID]
            return AntiPatternHitRow(
                name: clean(pattern?.name ?? hit.antiPatternID), severity: hit.severity.rawValue.uppercased(),
                file: clean(hit.file), line: hit.line, excerpt: clean(hit.excerpt), advice: clean(pattern?.advice))
        }
    }

    // MARK: - Findings

    static func findingRow(_ finding: ComplianceFinding) -> FindingRow {
        FindingRow(
            category: clean(finding.category), severity: finding.severity.rawValue.uppercased(),
            title: clean(finding.title), blocking: finding.isBlocking, id: present(finding.id),
            detail: present(finding.detail), location: present(finding.location),
            resolvedBy: finding.resolution.map { clean($0.by) },
            resolvedAt: finding.resolution.map { Timestamps.iso8601($0.at) },
            resolutionNote: finding.resolution.map { clean($0.note) })
    }

    static func findingCounts(_ facts: ReportFacts) -> FindingCounts {
        let open = facts.openFindings
        func count(_ severity: Severity) -> Int { open.filter { $0.severity == severity }.count }
        return FindingCounts(
            open: open.count, resolved: facts.resolvedFindings.count, critical: count(.critical), high: count(.high),
            medium: count(.medium), low: count(.low))
    }

    static func sections(_ facts: ReportFacts) -> Sections {
        func section(_ keywords: [String]) -> SectionFindings {
            let rows = facts.openFindings.filter { finding in
                keywords.contains { FormulaDecoder.slug(finding.category).contains($0) }
            }.map(findingRow)
            return SectionFindings(findings: rows, hasFindings: !rows.isEmpty)
        }
        return Sections(
            businessRequirements: section(["business-requirement"]),
            testingStandards: section(["testing-standards", "anti-patterns", "defense-in-depth"]),
            apiContract: section(["api-contract"]), apdc: section(["apdc"]), soc2: section(["soc2"]),
            projectRules: section(["project-rules"]))
    }

    // MARK: - Progress

    static func phases(_ facts: ReportFacts) -> [PhaseRow] {
        facts.formula.steps.map { step in
            let state = facts.progress.steps[step.id] ?? StepProgress()
            let decisions =
                step.checkpoint.map { c in facts.progress.history.filter { $0.checkpointID == c.id } } ?? []
            return PhaseRow(
                id: clean(step.id), title: clean(Placeholders.substitute(step.title, with: facts.input.variables)),
                kind: step.kind?.rawValue.uppercased() ?? "", status: state.status.rawValue,
                done: state.status == .done, attempt: state.attempt, duration: step.durationText.map(clean) ?? "",
                checkpoint: clean(step.checkpoint?.id), decisionCount: decisions.count,
                lastDecision: decisions.last.map { "\($0.decision.rawValue) by \(clean($0.reviewer))" } ?? "")
        }
    }

    static func decisions(_ facts: ReportFacts) -> [DecisionRow] {
        facts.progress.history.map { d in
            DecisionRow(
                checkpoint: clean(d.checkpointID), step: clean(d.stepID), decision: d.decision.rawValue,
                approved: d.decision == .approved, reviewer: clean(d.reviewer), reason: clean(d.reason),
                returnedTo: clean(d.returnedTo), attempt: d.attempt, at: Timestamps.iso8601(d.at))
        }
    }

    // MARK: - Issues, recommendations, gaps and sign-off

    /// Blocking issues (failing mandatory gates, high and critical hits and findings) and warnings.
    static func issues(_ facts: ReportFacts) -> (critical: [String], warnings: [String]) {
        var critical: [String] = []
        var warnings: [String] = []
        let results = facts.progress.gateResults
        // A compliance gate failing only on open findings is not an issue of its own: the findings are listed.
        for gateID in facts.failingGates where results[gateID]?.failsOnFindingsAlone != true {
            critical.append("Mandatory gate \(gateID) fails: \(clean(results[gateID]?.summary))")
        }
        for hit in facts.hits {
            let name = clean(facts.antiPatterns[hit.antiPatternID]?.name ?? hit.antiPatternID)
            let text = "\(hit.severity.rawValue.uppercased()): \(name) at \(clean(hit.file)):\(hit.line)"
            if hit.severity >= .high { critical.append(text) } else { warnings.append(text) }
        }
        for f in facts.openFindings {
            let text =
                "\(f.severity.rawValue.uppercased()) [\(clean(f.category))]: \(clean(f.title))"
                + (f.location.map { " (\(clean($0)))" } ?? "")
            if f.isBlocking { critical.append(text) } else { warnings.append(text) }
        }
        for gate in facts.formula.gates where !gate.mandatory && results[gate.id]?.passed == false {
            warnings.append("Advisory gate \(clean(gate.id)) fails: \(clean(results[gate.id]?.summary))")
        }
        return (critical, warnings)
    }

    static func recommendations(_ facts: ReportFacts) -> [String] {
        var recommendations: [String] = []
        for hit in facts.hits {
            guard let pattern = facts.antiPatterns[hit.antiPatternID], let advice = pattern.advice else { continue }
            let text = "\(clean(pattern.name)): \(clean(advice))"
            if !recommendations.contains(text) { recommendations.append(text) }
        }
        for gateID in facts.uncheckedGates { recommendations.append("Run the check for gate \(gateID)") }
        for open in StateMachine.openCheckpoints(in: facts.progress, formula: facts.formula) {
            recommendations.append("Decide checkpoint \(clean(open.checkpoint.id)) (step \(clean(open.stepID)))")
        }
        return recommendations
    }

    static func gaps(_ facts: ReportFacts) -> [String] {
        facts.criteria.filter { !$0.met }.map { "\(clean($0.criterion.description)): \(clean($0.detail))" }
            + facts.uncheckedGates.map { "No evidence yet for gate \($0)" }
    }

    static func signOff(_ facts: ReportFacts, critical: [String]) -> SignOff {
        let approve = critical.isEmpty && facts.failingGates.isEmpty && facts.uncheckedGates.isEmpty
        var reasons: [String] = []
        if !critical.isEmpty { reasons.append("\(critical.count) blocking issue\(critical.count == 1 ? "" : "s")") }
        if !facts.uncheckedGates.isEmpty {
            reasons.append("gates not checked: \(facts.uncheckedGates.joined(separator: ", "))")
        }
        if approve { reasons.append("every mandatory gate passed and no blocking issue was found") }
        return SignOff(
            recommendation: approve ? "APPROVE" : (critical.isEmpty ? "NOT READY" : "FIX REQUIRED"), approve: approve,
            reasons: items(reasons))
    }

    // MARK: - Text

    /// Untrusted text made single-line, control-free and trimmed.
    static func clean(_ text: String?) -> String { TerminalText.sanitizeLine(text ?? "").trimmingWhitespace() }

    /// Cleaned text, or nil when there is none (so a `{{#field}}` section skips it).
    static func present(_ text: String?) -> String? {
        let cleaned = clean(text)
        return cleaned.isEmpty ? nil : cleaned
    }

    static func items(_ texts: [String]) -> [TextItem] { texts.map(TextItem.init) }
}

/// What several report sections derive from the input, computed once.
struct ReportFacts {
    let input: ReportInput
    var formula: Formula { input.formula }
    var progress: MoleculeProgress { input.progress }
    /// Every gate with its latest result, and the mandatory ones failing or never checked.
    let gateRows: [ReportContext.GateRow]
    let failingGates: [String]
    let uncheckedGates: [String]
    let antiPatterns: [String: AntiPattern]
    /// Anti-pattern hits from every gate's evidence, once each, most severe first.
    let hits: [AntiPatternHit]
    /// Open and resolved findings, most severe first (ties: category, title, id).
    let openFindings: [ComplianceFinding]
    let resolvedFindings: [ComplianceFinding]
    let criteria: [CriterionStatus]

    init(_ input: ReportInput) {
        self.input = input
        let formula = input.formula
        let progress = input.progress
        var failing: [String] = []
        var unchecked: [String] = []
        gateRows = formula.steps.compactMap { step in
            guard let gate = step.gate else { return nil }
            let result = progress.gateResults[gate.id]
            if gate.blocksCompletion, result?.passed != true {
                if result == nil { unchecked.append(gate.id) } else { failing.append(gate.id) }
            }
            return ReportContext.GateRow(
                id: ReportContext.clean(gate.id), step: ReportContext.clean(step.id), type: gate.type.name,
                mandatory: gate.mandatory, status: result.map { $0.passed ? "passed" : "failing" } ?? "not checked",
                passed: result?.passed == true, summary: ReportContext.clean(result?.summary),
                checkedAt: result.map { Timestamps.iso8601($0.checkedAt) } ?? "")
        }
        failingGates = failing
        uncheckedGates = unchecked
        antiPatterns = Dictionary(formula.antiPatterns.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let sorted = progress.gateResults.values.flatMap(\.antiPatternHits).sorted {
            ($0.severity.rank, $1.file, $1.line) > ($1.severity.rank, $0.file, $0.line)
        }
        hits = sorted.reduce(into: []) { unique, hit in if !unique.contains(hit) { unique.append(hit) } }
        func mostSevereFirst(_ a: ComplianceFinding, _ b: ComplianceFinding) -> Bool {
            (a.severity.rank, b.category, b.title, b.id ?? "") > (b.severity.rank, a.category, a.title, a.id ?? "")
        }
        openFindings = input.findings.filter(\.isOpen).sorted(by: mostSevereFirst)
        resolvedFindings = input.findings.filter { !$0.isOpen }.sorted(by: mostSevereFirst)
        criteria = formula.progressionRules.evaluate(progress, formula: formula, manualChecks: input.manualChecks)
    }
}
