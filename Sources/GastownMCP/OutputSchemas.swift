import MCP

/// The output schemas: the CLI's `--json` shapes (docs/store.md, "--json schemas"), so a client can check them.
enum OutputSchemas {
    static let problem = Schema.object(
        [
            "category": Schema.string, "severity": Schema.oneOf(["error", "warning"], "how bad"),
            "file": Schema.string, "line": Schema.nullable("integer"), "column": Schema.nullable("integer"),
            "message": Schema.string,
        ], required: ["category", "severity", "file", "message"])

    static let step = Schema.object(
        [
            "id": Schema.string, "title": Schema.string,
            "status": Schema.oneOf(
                ["pending", "active", "blocked", "awaiting-approval", "done"], "the step's effective status"),
            "attempt": Schema.integer, "sent_back": Schema.boolean, "started": Schema.time, "completed": Schema.time,
            "assignee": Schema.nullable("string"), "checkpoint": Schema.nullable("string"),
            "gate": Schema.nullable("string"), "last_rejection": Schema.nullable("object"),
            "report": Schema.nullable("object"),
        ], required: ["id", "title", "status", "attempt", "sent_back"])

    static let gate = Schema.object(
        [
            "id": Schema.string, "step": Schema.string, "type": Schema.string, "mandatory": Schema.boolean,
            "passed": Schema.nullable("boolean"),
            "verdict": Schema.oneOf(["passed", "failing", "not-checked"], "recomputed from the evidence"),
            "blocking": Schema.boolean, "summary": Schema.nullable("string"), "tests": Schema.nullable("object"),
            "checked": Schema.time,
        ], required: ["id", "step", "type", "verdict"])

    static let molecule = Schema.object(
        [
            "name": Schema.string, "convoy": Schema.string, "path": Schema.string,
            "formula": Schema.nullable("string"), "formula_version": Schema.nullable("string"),
            "state": Schema.oneOf(
                ["pending", "active", "blocked", "awaiting-approval", "done", "invalid"], "the one state word"),
            "assignee": Schema.nullable("string"), "team": Schema.nullable("string"),
            "team_name": Schema.nullable("string"), "day": Schema.nullable("integer"),
            "revision": Schema.nullable("integer"), "created": Schema.time, "updated": Schema.time,
            "last_activity": Schema.time, "inputs": Schema.array(Schema.string), "variables": Schema.anyObject,
            "steps": Schema.array(step), "gates": Schema.array(gate),
            "open_checkpoints": Schema.array(Schema.anyObject), "findings": Schema.anyObject,
            "remaining_minutes": Schema.nullable("integer"), "eta": Schema.time,
            "audit_verified": Schema.boolean, "signing": Schema.nullable("string"),
            "problems": Schema.array(problem),
            "conflicts": Schema.array(Schema.anyObject, "values a git merge set aside ([conflicts]; docs/store.md)"),
        ], required: ["name", "convoy", "path", "state", "steps", "gates", "open_checkpoints", "problems"],
        description: "A Molecule, as `gastown molecule status --json` prints it")

    static let convoy = Schema.object(
        [
            "name": Schema.string, "title": Schema.nullable("string"), "description": Schema.nullable("string"),
            "status": Schema.nullable("string"), "teams": Schema.array(Schema.string),
            "team_names": Schema.anyObject, "team_aliases": Schema.anyObject,
            "reviewers": Schema.array(Schema.string), "created": Schema.time, "day": Schema.nullable("integer"),
            "molecules": Schema.integer, "states": Schema.anyObject, "pending_approvals": Schema.integer,
            "last_activity": Schema.time, "signing": Schema.nullable("string"),
            "signers": Schema.array(Schema.anyObject), "setting_changes": Schema.array(Schema.anyObject),
            "problems": Schema.array(problem),
        ], required: ["name", "molecules", "states", "pending_approvals", "problems"])

    static let finding = Schema.object(
        [
            "id": Schema.string, "molecule": Schema.string, "convoy": Schema.string, "path": Schema.string,
            "severity": Schema.oneOf(["critical", "high", "medium", "low"], "how bad"),
            "category": Schema.string, "title": Schema.string, "detail": Schema.nullable("string"),
            "location": Schema.nullable("string"), "blocking": Schema.boolean,
            "status": Schema.oneOf(["open", "resolved"], "whether it is resolved"),
            "recorded_by": Schema.string, "recorded": Schema.time, "resolution": Schema.nullable("object"),
        ], required: ["id", "molecule", "severity", "category", "title", "status"])

    static let error = Schema.object(
        [
            "code": Schema.integer,
            "kind": Schema.oneOf(
                ["invalid-input", "not-found", "refused", "conflict", "io", "audit", "gate-failed"],
                "what kind of failure (docs/store.md, Errors under --json)"),
            "message": Schema.string,
        ], required: ["code", "kind", "message"])

    static let mailMessage = Schema.object(
        [
            "id": Schema.string, "from": Schema.string, "to": Schema.array(Schema.string), "re": Schema.string,
            "format": Schema.string, "molecules": Schema.array(Schema.string),
            "problems": Schema.array(Schema.anyObject),
        ], required: ["id", "from", "to", "re"])

    static let reportFile = Schema.object(
        [
            "name": Schema.string, "path": Schema.string, "template": Schema.string, "sequence": Schema.integer,
            "hash": Schema.string, "written": Schema.time,
        ], required: ["name", "path"])
}

extension OutputSchemas {
    /// `next_work` (docs/mcp.md).
    static let nextWork = Schema.object(
        [
            "molecule": Schema.string, "convoy": Schema.string, "state": Schema.string,
            "action": Schema.oneOf(
                ["work", "rework", "start", "unblock", "wait", "done", "fix-file"], "what the agent should do now"),
            "reason": Schema.string("Why, in one sentence (the reviewer's reason, the gate's verdict, ...)."),
            "step": [
                "type": ["object", "null"],
                "properties": [
                    "id": Schema.string, "title": Schema.string, "status": Schema.string, "attempt": Schema.integer,
                    "description": Schema.nullable("string"), "tasks": Schema.array(Schema.string),
                    "acceptance": Schema.nullable("string"),
                ],
            ],
            "also_current": Schema.array(Schema.string), "gate": Schema.nullable("object"),
            "anti_patterns": Schema.array(
                Schema.object(
                    [
                        "id": Schema.string, "name": Schema.string, "severity": Schema.string,
                        "pattern": Schema.string, "advice": Schema.nullable("string"),
                    ], required: ["id", "severity", "pattern"])),
            "authoritative_sources": Schema.array(Schema.string),
            "checkpoint": Schema.nullable("object"), "last_rejection": Schema.nullable("object"),
            "open_checkpoints": Schema.array(Schema.anyObject), "problems": Schema.array(problem),
        ], required: ["molecule", "convoy", "state", "action", "reason", "step", "anti_patterns"])
}
