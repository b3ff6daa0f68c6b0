import Store

/// Who `gastown mcp` acts as: always an agent, never a reviewer (docs/mcp.md, "Identity").
public enum AgentIdentity {
    public static let fallback = "mcp-agent"

    /// `--agent NAME`, else `GASTOWN_AGENT` when it holds a name (not a flag such as `1` or `true`), else
    /// `mcp-agent`. A name that is not valid (docs/store.md, "Names") is refused, naming where it came from.
    public static func resolve(explicit: String?, environment: [String: String]) throws(StoreError) -> String {
        if let explicit {
            try NameValidation.validate(explicit, field: "--agent")
            return explicit
        }
        return try ReviewerIdentity.agentName(environment: environment) ?? fallback
    }
}
