"""An independent MCP client (Python's `mcp` package) driving `gastown mcp` over stdio.

Run by Tests/EndToEndTests/MCPEndToEndTests.swift with one argument: a JSON file naming the binary, the
workspace, the server's environment and the reviewer's (who approves from the CLI, in another process).
Prints one JSON object of what it saw; exits non-zero with the reason on the first failed expectation.
"""

import asyncio
import json
import subprocess
import sys

import mcp
from mcp import ClientSession, StdioServerParameters, types
from mcp.client.stdio import stdio_client

EXPECTED_TOOLS = {
    "convoy_list", "convoy_show", "molecule_list", "molecule_status", "checkpoint_list", "molecule_create",
    "molecule_start", "molecule_complete", "molecule_assign", "record_tests", "gate_check", "gate_show",
    "finding_add", "finding_list", "finding_resolve", "report_render", "mail_send", "mail_list", "mail_read",
    "formula_show", "next_work",
}
DECIDING = {"approve", "reject", "decide", "decision", "confirm", "override", "reviewer", "trust", "sign"}


def expect(condition, message):
    if not condition:
        raise SystemExit("expectation failed: " + message)


async def call(session, name, arguments):
    result = await session.call_tool(name, arguments)
    expect(result.structuredContent is not None, f"{name} has structured content")
    return result


async def main(config):
    updates = asyncio.Queue()

    async def on_message(message):
        if isinstance(message, types.ServerNotification) and isinstance(
            message.root, types.ResourceUpdatedNotification
        ):
            await updates.put(str(message.root.params.uri))

    params = StdioServerParameters(command=config["gastown"], args=["mcp", "--agent", "polecat-7"],
                                   env=config["server_env"], cwd=config["workspace"])
    seen = {}
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write, message_handler=on_message) as session:
            init = await session.initialize()
            seen["protocol"] = init.protocolVersion
            expect(init.protocolVersion == types.LATEST_PROTOCOL_VERSION,
                   f"negotiated {init.protocolVersion}, the client speaks {types.LATEST_PROTOCOL_VERSION}")
            expect(init.capabilities.resources and init.capabilities.resources.subscribe, "resources subscribe")

            tools = (await session.list_tools()).tools
            names = {t.name for t in tools}
            expect(names == EXPECTED_TOOLS, f"tools {sorted(names ^ EXPECTED_TOOLS)} differ")
            for tool in tools:
                for schema in (tool.inputSchema, tool.outputSchema):
                    expect(schema is not None and schema.get("type") == "object", f"{tool.name} schemas are objects")
                words = set(tool.name.split("_"))
                expect(not words & DECIDING, f"{tool.name} must not decide")
                expect("resolve" not in words or tool.name == "finding_resolve", f"{tool.name} must not resolve")
            status_schema = next(t for t in tools if t.name == "molecule_status")
            expect("molecule" in status_schema.inputSchema["required"], "molecule_status requires molecule")
            expect({"state", "steps", "gates"} <= set(status_schema.outputSchema["properties"]), "Molecule fields")
            seen["tools"] = sorted(names)

            molecule = config["molecule"]
            guide = (await call(session, "next_work", {"molecule": molecule})).structuredContent
            expect(guide["action"] == "start" and guide["step"]["id"] == "build", f"next_work first: {guide}")
            expect(guide["step"]["description"] == "Build the payments service", "variables filled")
            expect(guide["anti_patterns"] and guide["anti_patterns"][0]["advice"], "anti-patterns with advice")
            expect(guide["checkpoint"]["prompt"] == "Is payments ready?", "checkpoint prompt filled")

            started = (await call(session, "molecule_start", {"molecule": molecule})).structuredContent
            build = next(s for s in started["steps"] if s["id"] == "build")
            expect(build["status"] == "active" and build["assignee"] == "polecat-7", f"started as agent: {build}")

            refused = await session.call_tool("molecule_complete", {"molecule": molecule})
            expect(refused.isError and refused.structuredContent["error"]["kind"] == "refused",
                   f"complete before tests is refused: {refused.structuredContent}")

            recorded = (await call(session, "record_tests",
                                   {"molecule": molecule, "passed": 12, "failed": 0})).structuredContent
            expect(recorded["gates"][0]["tests"]["passed"] == 12, f"tests recorded: {recorded['gates']}")
            checked = await call(session, "gate_check", {"molecule": molecule})
            expect(not checked.isError and checked.structuredContent["passed"], f"gate passes: {checked}")
            evidence = checked.structuredContent["evidence"]
            expect(evidence.get("checked_by") == "polecat-7", f"checked by the agent: {evidence}")

            done = (await call(session, "molecule_complete", {"molecule": molecule})).structuredContent
            expect(done["state"] == "awaiting-approval", f"awaits approval: {done['state']}")
            waiting = (await call(session, "next_work", {"molecule": molecule})).structuredContent
            expect(waiting["action"] == "wait", f"next_work waits for the reviewer: {waiting}")

            for name in ("checkpoint_approve", "approve", "checkpoint_reject", "gate_resolve", "gate_confirm"):
                try:
                    answer = await session.call_tool(name, {"molecule": molecule, "checkpoint": "build-review"})
                    expect(answer.isError, f"{name} must not succeed")
                except mcp.McpError:
                    pass
            still = (await call(session, "molecule_status", {"molecule": molecule})).structuredContent
            expect(still["state"] == "awaiting-approval", "no tool approved")

            # Subscribed only now, after this client's own writes: the update that follows is the reviewer's.
            uri = "gastown://molecule/" + molecule
            await session.subscribe_resource(uri)
            approve = subprocess.run(
                [config["gastown"], "checkpoint", "approve", molecule, "build-review", "--reviewer", "r1"],
                cwd=config["workspace"], env=config["reviewer_env"], capture_output=True, text=True)
            expect(approve.returncode == 0, f"the reviewer approves from the CLI: {approve.stderr}")
            updated = await asyncio.wait_for(updates.get(), timeout=10)
            expect(updated == uri, f"resources/updated for {uri}, got {updated}")
            content = await session.read_resource(uri)
            approved = json.loads(content.contents[0].text)
            step = next(s for s in approved["steps"] if s["id"] == "build")
            expect(step["status"] == "done", f"the resource shows the approval: {step}")
            seen["updated"] = updated

            listed = (await call(session, "molecule_list", {"limit": 1, "offset": 0})).structuredContent
            expect(listed["total"] >= 1 and len(listed["molecules"]) == 1, f"paged list: {listed['total']}")
    print(json.dumps(seen))


if __name__ == "__main__":
    with open(sys.argv[1]) as handle:
        asyncio.run(main(json.load(handle)))
