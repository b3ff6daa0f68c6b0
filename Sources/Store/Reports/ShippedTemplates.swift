/// Templates shipped inside gastown, used when neither the workspace nor `.beads/templates/` has one
/// of that name. A copy of the repository's `templates/` (a test checks they are identical).
enum ShippedTemplates {
    static let all: [String: String] = [
        "compliance-triage-report-v2": complianceTriageReportV2
    ]

    static let complianceTriageReportV2 = #"""
        {{% CONTENT_TYPE: TEXT}}
        # Compliance Triage Report v2 — {{molecule.name}}

        | | |
        |---|---|
        | Molecule | {{molecule.name}} |
        {{#molecule.hasConvoy}}
        | Convoy | {{molecule.convoy}} |
        {{/molecule.hasConvoy}}
        | Formula | {{formula.name}} v{{formula.version}} |
        | Progress | {{molecule.stepsDone}}/{{molecule.stepCount}} steps done, {{molecule.remaining}} planned time left |
        | Generated | {{report.generatedAt}} |
        {{#molecule.hasInputs}}

        Inputs:
        {{#molecule.inputs}}
        - `{{text}}`
        {{/molecule.inputs}}
        {{/molecule.hasInputs}}

        ## 1. Executive Summary

        - **Status**: {{summary.status}}
        - **Test pass rate**: {{summary.passRate}}
        - **Recommendation**: {{summary.recommendation}}
        - **Open findings**: {{findingCounts.open}} ({{findingCounts.critical}} critical, {{findingCounts.high}} high, {{findingCounts.medium}} medium, {{findingCounts.low}} low); {{findingCounts.resolved}} resolved

        ## 2. Test Validation Status (100% pass requirement)

        {{#tests.known}}
        | Passed | Failed | Skipped | Total | Pass rate | Required |
        |---:|---:|---:|---:|---:|---:|
        | {{tests.passed}} | {{tests.failed}} | {{tests.skipped}} | {{tests.total}} | {{tests.passRate}} | {{tests.requiredPassRate}} |

        Gate `{{tests.gateID}}`: {{#tests.gatePassed}}PASSED{{/tests.gatePassed}}{{^tests.gatePassed}}FAILING{{/tests.gatePassed}} — {{tests.summary}} (checked {{tests.checkedAt}}).
        Skipped tests {{#tests.skippedAllowed}}allowed{{/tests.skippedAllowed}}{{^tests.skippedAllowed}}forbidden{{/tests.skippedAllowed}}; anti-patterns {{#tests.antiPatternsAllowed}}allowed{{/tests.antiPatternsAllowed}}{{^tests.antiPatternsAllowed}}forbidden{{/tests.antiPatternsAllowed}}.
        {{/tests.known}}
        {{^tests.known}}
        No test results recorded yet{{#tests.gateID}} for gate `{{tests.gateID}}` (required pass rate {{tests.requiredPassRate}}){{/tests.gateID}}.
        {{/tests.known}}

        | Gate | Step | Type | Mandatory | Status | Evidence |
        |---|---|---|---|---|---|
        {{#gates}}
        | `{{id}}` | {{step}} | {{type}} | {{#mandatory}}yes{{/mandatory}}{{^mandatory}}no{{/mandatory}} | {{status}} | {{summary}} |
        {{/gates}}

        ## 3. Business Requirement Mapping

        {{#sections.businessRequirements.hasFindings}}
        {{#sections.businessRequirements.findings}}
        - **{{severity}}** {{title}}{{#location}} (`{{location}}`){{/location}}{{#detail}}: {{detail}}{{/detail}}
        {{/sections.businessRequirements.findings}}
        {{/sections.businessRequirements.hasFindings}}
        {{^sections.businessRequirements.hasFindings}}
        No findings recorded.
        {{/sections.businessRequirements.hasFindings}}

        Authoritative sources audited:
        {{#formula.authoritativeSources}}
        - `{{text}}`
        {{/formula.authoritativeSources}}

        ## 4. Testing Standards Compliance (TESTING_GUIDELINES.md)

        {{#hasAntiPatternHits}}
        | Severity | Anti-pattern | Location | Code | Advice |
        |---|---|---|---|---|
        {{#antiPatternHits}}
        | {{severity}} | {{name}} | `{{file}}:{{line}}` | `{{excerpt}}` | {{advice}} |
        {{/antiPatternHits}}
        {{/hasAntiPatternHits}}
        {{^hasAntiPatternHits}}
        No anti-pattern detected.
        {{/hasAntiPatternHits}}
        {{#sections.testingStandards.findings}}
        - **{{severity}}** [{{category}}] {{title}}{{#location}} (`{{location}}`){{/location}}{{#detail}}: {{detail}}{{/detail}}
        {{/sections.testingStandards.findings}}

        ## 5. API Contract Alignment

        {{#sections.apiContract.findings}}
        - **{{severity}}** {{title}}{{#location}} (`{{location}}`){{/location}}{{#detail}}: {{detail}}{{/detail}}
        {{/sections.apiContract.findings}}
        {{^sections.apiContract.hasFindings}}
        No findings recorded.
        {{/sections.apiContract.hasFindings}}

        ## 6. APDC Methodology Adherence

        | Phase | Kind | Planned | Status | Attempt | Checkpoint | Last decision |
        |---|---|---|---|---:|---|---|
        {{#phases}}
        | {{title}} | {{kind}} | {{duration}} | {{status}} | {{attempt}} | {{checkpoint}} | {{lastDecision}} |
        {{/phases}}
        {{#sections.apdc.findings}}
        - **{{severity}}** {{title}}{{#detail}}: {{detail}}{{/detail}}
        {{/sections.apdc.findings}}

        {{#hasDecisions}}
        Checkpoint history:

        | When | Checkpoint | Decision | Reviewer | Attempt | Reason | Returned to |
        |---|---|---|---|---:|---|---|
        {{#decisions}}
        | {{at}} | `{{checkpoint}}` | {{decision}} | {{reviewer}} | {{attempt}} | {{reason}} | {{returnedTo}} |
        {{/decisions}}
        {{/hasDecisions}}
        {{^hasDecisions}}
        No checkpoint decided yet.
        {{/hasDecisions}}

        ## 7. SOC2 Requirements

        {{#sections.soc2.findings}}
        - **{{severity}}** {{title}}{{#location}} (`{{location}}`){{/location}}{{#detail}}: {{detail}}{{/detail}}
        {{/sections.soc2.findings}}
        {{^sections.soc2.hasFindings}}
        No findings recorded.
        {{/sections.soc2.hasFindings}}

        ## 8. Project Rules Compliance

        {{#sections.projectRules.findings}}
        - **{{severity}}** {{title}}{{#location}} (`{{location}}`){{/location}}{{#detail}}: {{detail}}{{/detail}}
        {{/sections.projectRules.findings}}
        {{^sections.projectRules.hasFindings}}
        No findings recorded.
        {{/sections.projectRules.hasFindings}}

        | Validation category | Findings |
        |---|---:|
        {{#formula.validationCategories}}
        | {{name}} | {{count}} |
        {{/formula.validationCategories}}

        ## 9. Critical Issues (blocking)

        {{#criticalIssues}}
        - {{text}}
        {{/criticalIssues}}
        {{^hasCriticalIssues}}
        None.
        {{/hasCriticalIssues}}
        {{#hasResolvedFindings}}

        Resolved findings:
        {{#resolvedFindings}}
        - ~~{{severity}} [{{category}}] {{title}}~~ — resolved by {{resolvedBy}} ({{resolvedAt}}): {{resolutionNote}}
        {{/resolvedFindings}}
        {{/hasResolvedFindings}}

        ## 10. Warnings (non-blocking)

        {{#warnings}}
        - {{text}}
        {{/warnings}}
        {{^hasWarnings}}
        None.
        {{/hasWarnings}}

        ## 11. Recommendations

        {{#recommendations}}
        - {{text}}
        {{/recommendations}}
        {{^hasRecommendations}}
        None.
        {{/hasRecommendations}}

        ## 12. Gaps Identified

        {{#gaps}}
        - {{text}}
        {{/gaps}}
        {{^hasGaps}}
        None: every day-completion criterion is met.
        {{/hasGaps}}

        Day-completion criteria:
        {{#criteria}}
        - [{{#met}}x{{/met}}{{^met}} {{/met}}] {{description}} — {{detail}}
        {{/criteria}}

        ## 13. Sign-Off Recommendation

        **{{signOff.recommendation}}**{{#signOff.reasons}} — {{text}}{{/signOff.reasons}}

        Reviewed at `compliance-checkpoint`.

        """#
}
