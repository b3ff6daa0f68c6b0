/// Leaves a command's loaded store to the process's exit. A command that loaded a whole store (10,000 molecules,
/// 30,000 records) would otherwise spend a tenth of a second after its output freeing it object by object, just
/// before the kernel takes back all its memory at once. Only for a command that ends after its output: never the
/// dashboard or the MCP server, which live on.
enum ExitRelease {
    private final class Held<Value> {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    static func leave<Value>(_ value: Value) { _ = Unmanaged.passRetained(Held(value)) }
}
