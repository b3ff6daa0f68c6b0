import Testing

@testable import Core

/// Only `{{name}}` outside a context-changing block is a formula variable; Handlebars, Mustache and
/// Go-template text around it is not (issue 12).
@Suite struct TemplateTextTests {
    @Test func bareNamesAreVariables() {
        #expect(
            Placeholders.names(in: "Deploy {{service}} to {{ region }} and {{my-var_2}}") == [
                "service", "region", "my-var_2",
            ])
    }

    @Test(arguments: [
        "{{else}}", "{{end}}", "{{if}}", "{{each}}", "{{range}}", "{{with}}", "{{this}}", "{{else -}}",
        "{{- end}}", "{{unless}}",
    ])
    func templateKeywordsAreNeverVariables(text: String) {
        #expect(Placeholders.names(in: text).isEmpty)
    }

    @Test func blockOpenersClosersInvertedBlocksAndCommentsAreNotVariables() {
        let text = "{{#if ready}}a{{/if}} {{^items}}none{{/items}} {{! note }} {{!-- a }} b --}} {{> footer}}"
        #expect(Placeholders.names(in: text).isEmpty)
    }

    @Test func goTemplateDotPathsAndActionsAreNotVariables() {
        let text = "{{.problem}} {{ .leg.focus }} {{- .x -}} {{if .context}}c{{end}} {{template \"t\" .}} {{$i}}"
        #expect(Placeholders.names(in: text).isEmpty)
    }

    @Test func namesInsideEachWithAndSectionsBelongToTheBlock() {
        let text = """
            {{#each db}}{{name}} on {{host}}{{else}}none{{/each}}
            {{#with owner}}{{email}}{{/with}}
            {{#items}}{{label}}{{/items}}
            after: {{service}}
            """
        #expect(Placeholders.names(in: text) == ["service"])
    }

    @Test func namesInsideGoRangeAndWithBelongToTheBlock() {
        let text = "{{range .files}}{{path}}{{end}} {{with .w}}{{zone}}{{end}} {{region}}"
        #expect(Placeholders.names(in: text) == ["region"])
    }

    @Test func ifAndInvertedBlocksKeepTheFormulasNames() {
        let text = "{{#if owner}}{{owner}}{{/if}} {{^x}}{{service}}{{/x}} {{if .a}}{{region}}{{else}}{{zone}}{{end}}"
        #expect(Placeholders.names(in: text) == ["owner", "service", "region", "zone"])
    }

    @Test func nestedBlocksCloseInOrder() {
        let text = "{{#if a}}{{#each b}}{{inner}}{{/each}}{{outer}}{{/if}}{{last}}"
        #expect(Placeholders.names(in: text) == ["outer", "last"])
    }

    @Test func unbalancedClosersDoNotHideLaterNames() {
        #expect(Placeholders.names(in: "{{/each}}{{end}}{{service}}") == ["service"])
        #expect(Placeholders.names(in: "{{#each x}}{{inside}}") == [])
    }

    @Test func substitutionFillsOnlyVariables() {
        let text = "{{#each hosts}}{{service}}{{/each}} {{service}} in {{region}} {{.service}} {{else}}"
        #expect(
            Placeholders.substitute(text, with: ["service": "api", "region": "eu"])
                == "{{#each hosts}}{{service}}{{/each}} api in eu {{.service}} {{else}}")
    }

    @Test func anUnterminatedTagEndsTheScan() {
        #expect(Placeholders.names(in: "{{a}} {{b") == ["a"])
        #expect(Placeholders.names(in: "{{!-- never closed {{a}}") == [])
    }
}
