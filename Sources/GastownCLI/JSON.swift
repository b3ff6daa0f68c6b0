import Core
import DisplayText
import Foundation
import Store

/// A JSON value with deterministic output (object keys in the order given), so `--json`
/// output is stable for scripts and tests.
public indirect enum JSON: Sendable {
    case string(String)
    case number(Double)
    case integer(Int)
    case bool(Bool)
    case null
    case array([JSON])
    case object([(String, JSON)])

    public static func optional(_ text: String?) -> JSON { text.map(JSON.string) ?? .null }
    public static func date(_ date: Date?) -> JSON { date.map { .string(Timestamp.text($0)) } ?? .null }

    public func rendered() -> String {
        var out = ""
        write(to: &out, indent: "")
        return out
    }

    /// Appends into one buffer (rendering 10,000 molecules must not copy nested strings).
    func write(to out: inout String, indent: String) {
        switch self {
        case .string(let s): Self.quote(s, into: &out)
        case .number(let d): out += d.isFinite ? String(d) : "null"
        case .integer(let i): out += String(i)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            let inner = indent + "  "
            out += "[\n"
            for (i, item) in items.enumerated() {
                if i > 0 { out += ",\n" }
                out += inner
                item.write(to: &out, indent: inner)
            }
            out += "\n" + indent + "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            let inner = indent + "  "
            out += "{\n"
            for (i, member) in members.enumerated() {
                if i > 0 { out += ",\n" }
                out += inner
                Self.quote(member.0, into: &out)
                out += ": "
                member.1.write(to: &out, indent: inner)
            }
            out += "\n" + indent + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var out = ""
        quote(text, into: &out)
        return out
    }

    static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if TerminalText.isUnsafe(scalar) {
                    out += TerminalText.jsonEscape(scalar)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
