import Core
import Foundation
import GastownCLI
import MCP
import Store

extension AgentTools {
    static let working: [AgentTool] = [
        AgentTool(
            name: "molecule_create",
            description: "Create a molecule in a convoy from a formula (the molecule answers).",
            input: Schema.input(
                [
                    "formula": Schema.string("The formula's name."), "name": Schema.string("The molecule's name."),
                    "convoy": Schema.string("The convoy it belongs to."),
                    "inputs": Schema.array(Schema.string, "Input documents, paths relative to the workspace."),
                    "variables": [
                        "type": "object", "additionalProperties": ["type": "string"],
                        "description": "Formula variables (KEY: VALUE).",
                    ],
                    "assignee": Schema.string("Who works on it."),
                    "team": Schema.string("The convoy team it belongs to, any spelling."),
                    "day": Schema.integer("The convoy day it belongs to (default: the convoy's).", minimum: 1),
                ], required: ["formula", "name", "convoy"]), output: OutputSchemas.molecule, readOnly: false
        ) { context, arguments in
            var inputs: [String] = []
            for path in try arguments.strings("inputs") {
                inputs.append(try context.workspacePath(path, argument: "inputs").relative)
            }
            return ToolAnswer(
                try context.verbs.moleculeCreate(
                    name: try arguments.requiredString("name"), convoy: try arguments.requiredString("convoy"),
                    formula: try arguments.requiredString("formula"), variables: try arguments.stringMap("variables"),
                    inputs: inputs, assignee: try arguments.string("assignee"), team: try arguments.string("team"),
                    day: try arguments.integer("day", minimum: 1)))
        },
        AgentTool(
            name: "molecule_start",
            description:
                "Start a step (default: the first ready one; all: every ready step). The agent becomes the step's assignee when it has none.",
            input: Schema.input(
                [
                    "molecule": molecule, "step": Schema.string("The step's id."),
                    "all": Schema.boolean("Start every step that is ready now."),
                ], required: ["molecule"]), output: OutputSchemas.molecule, readOnly: false
        ) { context, arguments in
            ToolAnswer(
                try context.verbs.moleculeStart(
                    try arguments.requiredString("molecule"), step: try arguments.string("step"),
                    all: try arguments.bool("all")))
        },
        AgentTool(
            name: "molecule_complete",
            description:
                "Complete a step (default: the only active one); a step with a checkpoint then awaits a reviewer. Refused while its mandatory gate fails, with the gate's evidence.",
            input: Schema.input(
                ["molecule": molecule, "step": Schema.string("The step's id.")], required: ["molecule"]),
            output: OutputSchemas.molecule, readOnly: false
        ) { context, arguments in
            ToolAnswer(
                try context.verbs.moleculeComplete(
                    try arguments.requiredString("molecule"), step: try arguments.string("step")))
        },
        AgentTool(
            name: "molecule_assign", description: "Assign a molecule (or one step) to someone, or clear the assignee.",
            input: Schema.input(
                [
                    "molecule": molecule, "assignee": Schema.string("Who (a name)."),
                    "step": Schema.string("Assign this step instead of the whole molecule."),
                    "clear": Schema.boolean("Remove the assignee."),
                ], required: ["molecule"]), output: OutputSchemas.molecule, readOnly: false
        ) { context, arguments in
            let assignee = try arguments.string("assignee")
            guard try arguments.bool("clear") != (assignee != nil) else {
                throw StoreError(.invalidInput, "give either an assignee or clear")
            }
            return ToolAnswer(
                try context.verbs.moleculeAssign(
                    try arguments.requiredString("molecule"), step: try arguments.string("step"), assignee: assignee))
        },
    ]

    static let testCounts: [String: Value] = [
        "passed": Schema.integer("Passed tests."), "failed": Schema.integer("Failed tests."),
        "skipped": Schema.integer("Skipped tests."),
    ]

    static let recording: [AgentTool] =
        [
            AgentTool(
                name: "record_tests",
                description:
                    "Record test results (counts, or a JUnit XML report inside the workspace) for a step's tests gate.",
                input: Schema.input(
                    testCounts.merging([
                        "molecule": molecule,
                        "step": Schema.string("The step whose gate gets them (default: the active step with one)."),
                        "junit": Schema.string("A JUnit XML report, relative to the workspace, to count instead."),
                    ]) { $1 }, required: ["molecule"]), output: OutputSchemas.molecule, readOnly: false
            ) { context, arguments in
                let tests = try testInput(
                    arguments, context: context, junit: try arguments.string("junit").map { [$0] })
                if case .recorded = tests {
                    throw StoreError(.invalidInput, "give passed/failed/skipped counts or junit")
                }
                return ToolAnswer(
                    try context.verbs.recordTests(
                        try arguments.requiredString("molecule"), step: try arguments.string("step"), tests: tests))
            },
            AgentTool(
                name: "gate_check",
                description:
                    "Evaluate a gate from its evidence (tests given or recorded, the anti-pattern scan) and record the verdict; a failing gate is an error carrying the outcome.",
                input: Schema.input(
                    testCounts.merging([
                        "molecule": molecule, "gate": Schema.string("The gate (its id or its step's id)."),
                        "junit": Schema.array(Schema.string, "JUnit XML reports, relative to the workspace."),
                    ]) { $1 }, required: ["molecule"]),
                output: Schema.object(
                    [
                        "molecule": Schema.string, "gate": Schema.string, "step": Schema.string, "type": Schema.string,
                        "mandatory": Schema.boolean, "recorded": Schema.boolean, "passed": Schema.boolean,
                        "step_status": Schema.nullable("string"), "evidence_file": Schema.nullable("string"),
                        "evidence": Schema.anyObject, "error": OutputSchemas.error,
                    ], required: ["molecule", "gate", "passed"]), readOnly: false
            ) { context, arguments in
                let junit = try arguments.strings("junit")
                let outcome = try context.verbs.gateCheck(
                    try arguments.requiredString("molecule"), gate: try arguments.string("gate"),
                    tests: try testInput(arguments, context: context, junit: junit.isEmpty ? nil : junit))
                return ToolAnswer(outcome.json, isError: !outcome.passed)
            },
            AgentTool(
                name: "finding_add", description: "Record a compliance finding on a molecule, as the agent.",
                input: Schema.input(
                    [
                        "molecule": molecule,
                        "severity": Schema.oneOf(
                            Severity.allCases.map(\.rawValue), "critical and high block sign-off."),
                        "category": Schema.string("One of the formula's validation categories."),
                        "title": Schema.string("One line saying what is wrong."),
                        "detail": Schema.string("More detail (may span lines)."),
                        "location": Schema.string("FILE, FILE:LINE or FILE:LINE:COLUMN."),
                    ], required: ["molecule", "severity", "category", "title"]), output: OutputSchemas.finding,
                readOnly: false
            ) { context, arguments in
                let finding = NewFinding(
                    severity: try FindingInput.severity(try arguments.requiredString("severity")),
                    category: try arguments.requiredString("category"), title: try arguments.requiredString("title"),
                    detail: try arguments.string("detail"), location: try arguments.string("location"))
                return ToolAnswer(try context.verbs.findingAdd(try arguments.requiredString("molecule"), finding))
            },
            AgentTool(
                name: "finding_resolve",
                description:
                    "Resolve a medium or low finding with a note. Critical and high findings are a reviewer's signed act: refused.",
                input: Schema.input(
                    [
                        "molecule": molecule, "id": Schema.string("The finding's id (f-XXXXXXXX)."),
                        "note": Schema.string("Why it is resolved (the fix's commit or PR)."),
                    ], required: ["molecule", "id", "note"]), output: OutputSchemas.finding, readOnly: false
            ) { context, arguments in
                ToolAnswer(
                    try context.verbs.findingResolveAsAgent(
                        try arguments.requiredString("molecule"), id: try arguments.requiredString("id"),
                        note: try arguments.requiredString("note")))
            },
            AgentTool(
                name: "report_render",
                description: "Render a molecule's report into its reports/ folder (same state, same file and bytes).",
                input: Schema.input(
                    [
                        "molecule": molecule,
                        "template": Schema.string(
                            "A template name, or a .md path relative to the workspace (default: the formula's)."),
                    ], required: ["molecule"]),
                output: Schema.object(
                    [
                        "molecule": Schema.string, "report": OutputSchemas.reportFile, "template_source": Schema.string,
                        "created": Schema.boolean, "content": Schema.string,
                    ], required: ["molecule", "report", "content"]), readOnly: false
            ) { context, arguments in
                let molecule = try arguments.requiredString("molecule")
                guard let template = try arguments.string("template"),
                    template.contains("/") || template.hasSuffix(".md")
                else {
                    return ToolAnswer(
                        try context.verbs.reportRender(
                            molecule, template: try arguments.string("template"), templatePath: nil))
                }
                let path = try context.workspacePath(template, argument: "template")
                return ToolAnswer(
                    try context.verbs.reportRender(molecule, template: nil, templatePath: (path.absolute, template)))
            },
        ] + mail

    static let mail: [AgentTool] = [
        AgentTool(
            name: "mail_send",
            description:
                "Send a Markdown handoff document from one team to others (its front matter or From:/To: lines give the teams when from/to are absent).",
            input: Schema.input(
                [
                    "document": Schema.string("The Markdown document (at most 4 MiB)."),
                    "from": Schema.string("The sending team."),
                    "to": Schema.array(Schema.string, "Receiving teams, or all."),
                    "re": Schema.string("The subject."), "priority": Schema.string("low, medium, high, critical."),
                    "status": Schema.string("open, decided, done."),
                    "molecules": Schema.array(Schema.string, "Molecules it is about."),
                ], required: ["document"]),
            output: Schema.object(["id": Schema.string, "path": Schema.string], required: ["id", "path"]),
            readOnly: false
        ) { context, arguments in
            let headers = MailComposer.Options(
                from: try arguments.string("from"), to: try arguments.strings("to"), re: try arguments.string("re"),
                priority: try arguments.string("priority"), status: try arguments.string("status"),
                molecules: try arguments.strings("molecules"))
            return ToolAnswer(
                rendered: try context.verbs.mailSend(try arguments.requiredString("document"), headers: headers))
        },
        AgentTool(
            name: "mail_list", description: "Messages, oldest first, unread ones marked for this agent.",
            input: Schema.input([
                "team": Schema.string("Only messages from or to this team, any spelling (and those to all)."),
                "unread": Schema.boolean("Only messages this agent has not read."),
            ]), output: Schema.object(["messages": Schema.array(OutputSchemas.mailMessage)], required: ["messages"]),
            readOnly: true
        ) { context, arguments in
            ToolAnswer(
                rendered: try context.verbs.mailList(
                    reader: context.agent, team: try arguments.string("team"), unreadOnly: try arguments.bool("unread"))
            )
        },
        AgentTool(
            name: "mail_read", description: "A message in full; marks it read for this agent.",
            input: Schema.input(["id": Schema.string("The message id (see mail_list).")], required: ["id"]),
            output: OutputSchemas.mailMessage, readOnly: false
        ) { context, arguments in
            let read = try context.verbs.mailRead(try arguments.requiredString("id"), reader: context.agent)
            return ToolAnswer(rendered: read.json, isError: read.broken)
        },
    ]

    /// Test results from the arguments: a JUnit report (inside the workspace), counts, or those recorded.
    static func testInput(_ arguments: ToolArguments, context: ToolContext, junit: [String]?) throws(StoreError)
        -> GateTestInput
    {
        let counts = (
            try arguments.integer("passed"), try arguments.integer("failed"), try arguments.integer("skipped")
        )
        let counted = counts.0 != nil || counts.1 != nil || counts.2 != nil
        if let junit {
            guard !counted else {
                throw StoreError(.invalidInput, "give either junit or passed/failed/skipped, not both")
            }
            var files: [(path: String, name: String)] = []
            for path in junit { files.append((try context.workspacePath(path, argument: "junit").absolute, path)) }
            return .junit(files)
        }
        guard counted else { return .recorded }
        return try .counts(passed: counts.0, failed: counts.1, skipped: counts.2)
    }
}
