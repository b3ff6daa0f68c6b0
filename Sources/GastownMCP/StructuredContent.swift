import Foundation
import GastownCLI
import MCP

/// A verb's JSON as the SDK's `Value`, member for member. (Decoding the rendered text instead would cost more
/// than the load itself: the SDK tests every decoded string against a regular expression for `data:` URLs. The
/// mail tools, whose JSON `MailJSON` renders, are decoded: they are not on an agent's hot path.)
enum StructuredContent {
    static func value(_ json: JSON) -> Value {
        switch json {
        case .string(let text): .string(text)
        case .number(let number): number.isFinite ? .double(number) : .null
        case .integer(let integer): .int(integer)
        case .bool(let flag): .bool(flag)
        case .null: .null
        case .array(let items): .array(items.map(value))
        case .object(let members): .object(Dictionary(members.map { ($0.0, value($0.1)) }, uniquingKeysWith: { $1 }))
        }
    }
}
