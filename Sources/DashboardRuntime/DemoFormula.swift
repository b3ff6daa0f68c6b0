/// A copy of the shipped `formulas/integration-test-full-validation.toml` (its steps, checkpoints
/// and gates), for a `gastown demo` run away from the source tree.
enum DemoFormula {
    static let text = #"""
        # APDC + TDD integration-test workflow with human checkpoints and mandatory quality gates.
        # Encodes the kubernaut team's Gas Town formula v2.1 (see docs/formulas.md for every key).
        formula = "integration-test-full-validation"
        version = "2.1"
        type = "workflow"
        description = """
        APDC + TDD integration test workflow for {{service}}: analysis, plan, infrastructure, TDD red/green/refactor,
        test validation (100% pass rate, no skipped tests, no anti-patterns), compliance triage against the
        authoritative V1.0 documentation, and documentation. 4 human checkpoints, 2 blocking quality gates.
        Total duration: 2.5-3.5 hours.

        Version history:
        - v2.1 (2026-01-05): Added 100% test pass requirement gate
        - v2.0 (2026-01-05): Added compliance triage + TESTING_GUIDELINES.md validation
        - v1.1 (2026-01-05): Added human checkpoints (analysis, plan, validate)
        - v1.0 (2026-01-05): Initial formula (APDC + TDD)
        """
        template = "compliance-triage-report-v2"

        # Authoritative V1.0 documentation the compliance triage audits against.
        authoritative_sources = [
            "docs/requirements/*.md",
            "docs/architecture/decisions/DD-*.md",
            "docs/development/SOC2/*.md",
            "docs/development/business-requirements/TESTING_GUIDELINES.md",
            ".cursor/rules/*.mdc",
            "test/integration/*/README.md",
        ]

        validation_categories = [
            "Business requirement mapping",
            "Testing standards compliance",
            "Testing anti-patterns detection",
            "API contract alignment",
            "APDC methodology adherence",
            "SOC2 requirements",
            "Project rules compliance",
            "Defense-in-depth coverage",
        ]

        [vars.service]
        description = "The service under test (e.g. AI Analysis, HolmesAPI, Data Storage, Gateway)"
        default = "the service"

        [vars.inputs]
        description = "Handoff documents the work starts from (e.g. docs/development/SOC2/DAY2_HYBRID_AUDIT_COMPLETE.md)"
        default = ""

        # --- ANALYSIS ------------------------------------------------------------------------------------

        [[steps]]
        id = "analysis"
        title = "ANALYSIS"
        kind = "analysis"
        duration = "15m"
        description = "Understand what {{service}} must do before writing any test."
        tasks = [
            "Review authoritative documentation",
            "Map business requirements",
            "Define test scope",
        ]

        [steps.checkpoint]
        id = "analysis-checkpoint"
        prompt = "Ask questions, share concerns"

        # --- PLAN ----------------------------------------------------------------------------------------

        [[steps]]
        id = "plan"
        title = "PLAN"
        kind = "plan"
        duration = "20m"
        tasks = [
            "Define test structure",
            "Plan mock strategy",
            "Map TDD sequence",
            "Identify integration points",
        ]

        [steps.checkpoint]
        id = "plan-checkpoint"
        prompt = "Share plan, request approval"

        # --- DO ------------------------------------------------------------------------------------------

        [[steps]]
        id = "do-infrastructure"
        title = "DO - Infrastructure"
        kind = "do"
        duration = "10m"
        tasks = [
            "Set up HolmesAPI",
            "Verify dependencies",
            "Prepare test environment",
        ]

        [[steps]]
        id = "do-red"
        title = "DO - TDD RED"
        kind = "do"
        duration = "15m"
        tasks = [
            "Write failing tests",
            "Define expected behavior",
            "Validate no `Skip()` calls",
        ]

        [[steps]]
        id = "do-green"
        title = "DO - TDD GREEN"
        kind = "do"
        duration = "20m"
        tasks = [
            "Minimal implementation",
            "Make tests pass",
            "Avoid over-engineering",
        ]

        [[steps]]
        id = "do-refactor"
        title = "DO - TDD REFACTOR"
        kind = "do"
        duration = "15m"
        tasks = [
            "Add edge cases",
            "Enhance error handling",
            "Add comprehensive logging",
        ]

        # --- CHECK ---------------------------------------------------------------------------------------

        [[steps]]
        id = "test-validation"
        title = "CHECK - Test Validation"
        kind = "check"
        duration = "10m"
        description = "MANDATORY GATE: tests must pass at 100% before moving to the next day."
        acceptance = "All tests pass (no failures), no skipped tests (Skip() forbidden), no anti-patterns detected, checkpoint approved."
        tasks = [
            "Run all tests",
            "Verify 100% pass rate",
            "Detect anti-patterns",
        ]

        [steps.gate]
        id = "test-validation-gate"
        type = "tests"
        description = "100% pass rate, no skipped tests, no anti-patterns"
        required_pass_rate = 100
        allow_skipped = false
        allow_anti_patterns = false

        [steps.checkpoint]
        id = "test-validation-checkpoint"
        prompt = "Confirm 100% pass before proceeding"
        on_reject = "do-refactor"

        [[steps]]
        id = "compliance-triage"
        title = "CHECK - Compliance Triage"
        kind = "check"
        duration = "30m-45m"
        description = "Audit the work against the authoritative V1.0 documentation and generate the compliance report (compliance-triage-report-v2)."
        tasks = [
            "Audit against authoritative V1.0 docs",
            "Validate testing standards compliance",
            "Check SOC2 requirements",
            "Detect anti-patterns",
            "Generate compliance report",
        ]

        [steps.gate]
        id = "compliance-gate"
        type = "compliance"
        description = "Compliance triage finds no critical or high issue"
        block_on = ["critical", "high"]

        [steps.checkpoint]
        id = "compliance-checkpoint"
        prompt = "Review triage, approve or fix"

        # --- DOCUMENT ------------------------------------------------------------------------------------

        [[steps]]
        id = "document"
        title = "DOCUMENT"
        kind = "document"
        duration = "10m"
        tasks = [
            "Update test plan",
            "Commit compliance report",
            "Document resolutions",
        ]
        """#
}
