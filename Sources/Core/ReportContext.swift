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

/// The Mustache context of a compliance report: a tree of plain structs whose property names are the
/// template's field names (swift-mustache reads them by reflection; docs/formulas.md, "Report template
/// fields", lists them). Every string from a formula, an agent or a reviewer is single-line and free of
/// control characters. An optional field that is nil is absent, so `{{#field}}` skips it (an empty
/// string would count as present). Built by `ReportContext.build` (ReportContext+Build.swift).
public struct ReportContext: Sendable {
    public var report: Report
    public var molecule: Molecule
    public var formula: FormulaFacts
    public var summary: Summary
    public var tests: Tests
    public var antiPatternHits: [AntiPatternHitRow]
    public var hasAntiPatternHits: Bool
    public var findingCounts: FindingCounts
    public var resolvedFindings: [FindingRow]
    public var hasResolvedFindings: Bool
    public var sections: Sections
    public var phases: [PhaseRow]
    public var gates: [GateRow]
    public var decisions: [DecisionRow]
    public var hasDecisions: Bool
    public var criteria: [CriterionRow]
    public var criticalIssues: [TextItem]
    public var hasCriticalIssues: Bool
    public var warnings: [TextItem]
    public var hasWarnings: Bool
    public var recommendations: [TextItem]
    public var hasRecommendations: Bool
    public var gaps: [TextItem]
    public var hasGaps: Bool
    public var signOff: SignOff

    /// One line of a list (`{{text}}`).
    public struct TextItem: Sendable, Hashable {
        public var text: String
    }

    public struct Report: Sendable, Hashable {
        public var generatedAt: String
    }

    public struct Molecule: Sendable, Hashable {
        public var name: String
        public var convoy: String
        public var hasConvoy: Bool
        /// COMPLETE, BLOCKED, AWAITING APPROVAL or IN PROGRESS.
        public var status: String
        public var complete: Bool
        public var inputs: [TextItem]
        public var hasInputs: Bool
        public var variables: [Variable]
        public var stepsDone: Int
        public var stepCount: Int
        public var remaining: String
    }

    public struct Variable: Sendable, Hashable {
        public var name: String
        public var value: String
    }

    public struct FormulaFacts: Sendable, Hashable {
        public var name: String
        public var version: String
        public var totalPlanned: String
        public var authoritativeSources: [TextItem]
        public var validationCategories: [CategoryRow]
    }

    public struct CategoryRow: Sendable, Hashable {
        public var name: String
        public var findings: [FindingRow]
        /// Open findings, plus the scan's hits for the anti-pattern category.
        public var count: Int
        public var hasFindings: Bool
    }

    public struct Summary: Sendable, Hashable {
        public var status: String
        public var passRate: String
        public var recommendation: String
    }

    /// The formula's first `tests` gate and its latest evidence.
    public struct Tests: Sendable, Hashable {
        public var known = false
        public var gateID: String?
        public var requiredPassRate: String?
        public var skippedAllowed: Bool?
        public var antiPatternsAllowed: Bool?
        public var checked: Bool?
        public var gatePassed: Bool?
        public var summary: String?
        public var checkedAt: String?
        public var passed: Int?
        public var failed: Int?
        public var skipped: Int?
        public var total: Int?
        public var passRate: String?
        public var meetsRequirement: Bool?
    }

    public struct AntiPatternHitRow: Sendable, Hashable {
        public var name: String
        public var severity: String
        public var file: String
        public var line: Int
        public var excerpt: String
        public var advice: String
    }

    public struct FindingCounts: Sendable, Hashable {
        public var open: Int
        public var resolved: Int
        public var critical: Int
        public var high: Int
        public var medium: Int
        public var low: Int
    }

    public struct FindingRow: Sendable, Hashable {
        public var category: String
        public var severity: String
        public var title: String
        public var blocking: Bool
        public var id: String?
        public var detail: String?
        public var location: String?
        public var resolvedBy: String?
        public var resolvedAt: String?
        public var resolutionNote: String?
    }

    /// Open findings of the report's fixed sections, chosen by category keywords.
    public struct Sections: Sendable, Hashable {
        public var businessRequirements: SectionFindings
        public var testingStandards: SectionFindings
        public var apiContract: SectionFindings
        public var apdc: SectionFindings
        public var soc2: SectionFindings
        public var projectRules: SectionFindings
    }

    public struct SectionFindings: Sendable, Hashable {
        public var findings: [FindingRow]
        public var hasFindings: Bool
    }

    public struct PhaseRow: Sendable, Hashable {
        public var id: String
        public var title: String
        public var kind: String
        public var status: String
        public var done: Bool
        public var attempt: Int
        public var duration: String
        public var checkpoint: String
        public var decisionCount: Int
        public var lastDecision: String
    }

    public struct GateRow: Sendable, Hashable {
        public var id: String
        public var step: String
        public var type: String
        public var mandatory: Bool
        /// passed, failing or not checked.
        public var status: String
        public var passed: Bool
        public var summary: String
        public var checkedAt: String
    }

    public struct DecisionRow: Sendable, Hashable {
        public var checkpoint: String
        public var step: String
        public var decision: String
        public var approved: Bool
        public var reviewer: String
        public var reason: String
        public var returnedTo: String
        public var attempt: Int
        public var at: String
    }

    public struct CriterionRow: Sendable, Hashable {
        public var description: String
        public var met: Bool
        public var detail: String
    }

    public struct SignOff: Sendable, Hashable {
        /// APPROVE, FIX REQUIRED or NOT READY.
        public var recommendation: String
        public var approve: Bool
        public var reasons: [TextItem]
    }
}
