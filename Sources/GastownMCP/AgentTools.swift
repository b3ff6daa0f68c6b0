import Core
import Foundation
import GastownCLI
import MCP
import Store

/// The tools `gastown mcp` offers. None of them approves or rejects a checkpoint, resolves a critical or high
/// finding, resolves an external gate or confirms a manual check: those are a reviewer's signed acts, and an
/// agent has no tool for them (docs/mcp.md).
enum AgentTools {
    static let all: [AgentTool] = reading + working + recording

    static func named(_ name: String) -> AgentTool? { all.first { $0.name == name } }

    static let molecule = Schema.string("The molecule's name (unique across the store).")
    static let page = 100

    // MARK: reading

    static let reading: [AgentTool] = [
        AgentTool(
            name: "convoy_list", description: "Every convoy with its molecule counts by state (`gastown convoy list`).",
            input: Schema.input([:]), output: Schema.object(["convoys": Schema.array(OutputSchemas.convoy)]),
            readOnly: true
        ) { context, _ in ToolAnswer(try context.verbs.convoyList()) },
        AgentTool(
            name: "convoy_show",
            description: "A convoy: its molecules (state, steps, gates, checkpoints) and its day's progression.",
            input: Schema.input(["convoy": Schema.string("The convoy's name.")], required: ["convoy"]),
            output: Schema.object(
                [
                    "convoy": OutputSchemas.convoy, "molecules": Schema.array(OutputSchemas.molecule),
                    "progression": Schema.anyObject,
                ], required: ["convoy", "molecules"]), readOnly: true
        ) { context, arguments in ToolAnswer(try context.verbs.convoyShow(try arguments.requiredString("convoy"))) },
        AgentTool(
            name: "molecule_list",
            description:
                "Molecules, filtered as `gastown molecule list` filters them, one page at a time (default \(page)).",
            input: Schema.input([
                "convoy": Schema.string("Only this convoy's molecules."),
                "state": Schema.oneOf(
                    MoleculeState.Summary.allCases.map(\.rawValue), "Only molecules in this state."),
                "assignee": Schema.string("Only molecules assigned to this name (the molecule or one of its steps)."),
                "team": Schema.string("Only this team's molecules, any spelling."),
                "offset": Schema.integer("Skip this many matches (default 0)."),
                "limit": Schema.integer("At most this many (default \(page)).", minimum: 1),
            ]),
            output: Schema.object(
                [
                    "molecules": Schema.array(OutputSchemas.molecule), "total": Schema.integer,
                    "offset": Schema.integer, "limit": Schema.integer,
                ], required: ["molecules", "total", "offset", "limit"]), readOnly: true
        ) { context, arguments in
            let molecules = try context.verbs.molecules(
                convoy: try arguments.string("convoy"), state: try arguments.string("state"),
                assignee: try arguments.string("assignee"), team: try arguments.string("team"))
            let page = (try arguments.integer("offset") ?? 0, try arguments.integer("limit", minimum: 1) ?? page)
            return ToolAnswer(context.verbs.moleculeList(molecules, page: page))
        },
        AgentTool(
            name: "molecule_status",
            description: "A molecule's effective progress: steps, gates, open checkpoints, findings, ETA, problems.",
            input: Schema.input(["molecule": molecule], required: ["molecule"]), output: OutputSchemas.molecule,
            readOnly: true
        ) { context, arguments in
            ToolAnswer(try context.verbs.moleculeStatus(try arguments.requiredString("molecule")))
        },
        AgentTool(
            name: "checkpoint_list",
            description:
                "A molecule's checkpoints with their decisions, or (no molecule) everything awaiting a decision.",
            input: Schema.input(["molecule": molecule]),
            output: Schema.object([
                "awaiting": Schema.array(Schema.anyObject), "molecule": Schema.string, "convoy": Schema.string,
                "checkpoints": Schema.array(Schema.anyObject),
            ]), readOnly: true
        ) { context, arguments in ToolAnswer(try context.verbs.checkpointList(try arguments.string("molecule"))) },
        AgentTool(
            name: "gate_show", description: "A molecule's gates: verdict, whether it blocks, the recorded evidence.",
            input: Schema.input(
                ["molecule": molecule, "gate": Schema.string("Only this gate (its id or its step's id).")],
                required: ["molecule"]),
            output: Schema.object(
                ["molecule": Schema.string, "gates": Schema.array(Schema.anyObject)], required: ["molecule", "gates"]),
            readOnly: true
        ) { context, arguments in
            ToolAnswer(
                try context.verbs.gateShow(try arguments.requiredString("molecule"), gate: try arguments.string("gate"))
            )
        },
        AgentTool(
            name: "finding_list", description: "Compliance findings, oldest first: a molecule's or every molecule's.",
            input: Schema.input([
                "molecule": molecule, "open": Schema.boolean("Only the findings not resolved yet."),
            ]),
            output: Schema.object(
                [
                    "molecule": Schema.string, "findings": Schema.array(OutputSchemas.finding),
                    "problems": Schema.array(OutputSchemas.problem), "error": OutputSchemas.error,
                ], required: ["findings", "problems"]), readOnly: true
        ) { context, arguments in
            let json = try context.verbs.findingList(
                try arguments.string("molecule"), openOnly: try arguments.bool("open"))
            return ToolAnswer(json, isError: json.member("error") != nil)
        },
        AgentTool(
            name: "formula_show",
            description: "A formula: steps, tasks, acceptance, checkpoints, gates, anti-patterns, sources.",
            input: Schema.input(["formula": Schema.string("The formula's name.")], required: ["formula"]),
            output: Schema.object(
                ["name": Schema.string, "steps": Schema.array(Schema.anyObject)], required: ["name"]),
            readOnly: true
        ) { context, arguments in ToolAnswer(try context.verbs.formulaShow(try arguments.requiredString("formula"))) },
        AgentTool(
            name: "next_work",
            description:
                "What to do now on a molecule, and what will be checked: the step to work on (or why none: awaiting approval, blocked with the gate's evidence, sent back with the reviewer's reason), its description with variables filled, tasks and acceptance, the anti-patterns that fail its gate with their advice, the authoritative sources, and the checkpoint prompt it will face.",
            input: Schema.input(["molecule": molecule], required: ["molecule"]), output: OutputSchemas.nextWork,
            readOnly: true
        ) { context, arguments in
            ToolAnswer(NextWork.json(try context.store.loadMolecule(try arguments.requiredString("molecule"))))
        },
    ]
}

extension JSON {
    /// The member `name` of an object.
    func member(_ name: String) -> JSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == name }?.1
    }
}
