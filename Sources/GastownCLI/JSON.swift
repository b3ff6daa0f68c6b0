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

    public func rendered() -> String { String(decoding: renderedBytes(), as: UTF8.self) }

    /// The rendered text's UTF-8 bytes (what `Output.json` writes).
    func renderedBytes() -> [UInt8] {
        var out: [UInt8] = []
        write(to: &out, depth: 0)
        return out
    }

    /// An array at least this long is rendered on every core, a run of items per task (`molecule list --json` of
    /// 10,000 molecules is some 50 MB of text).
    static let parallelItems = 256

    /// Appends into one buffer, indented two spaces per `depth` (rendering 10,000 molecules must not copy
    /// nested strings).
    func write(to out: inout [UInt8], depth: Int) {
        switch self {
        case .string(let s): Self.quote(s, into: &out)
        case .number(let d): out += (d.isFinite ? String(d) : "null").utf8
        case .integer(let i): out += String(i).utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .null: out += "null".utf8
        case .array(let items):
            if items.isEmpty {
                out += "[]".utf8
                return
            }
            out += "[\n".utf8
            if items.count >= Self.parallelItems {
                Self.writeInParallel(items, to: &out, depth: depth + 1)
            } else {
                Self.write(items[...], to: &out, depth: depth + 1)
            }
            out.append(UInt8(ascii: "\n"))
            Self.indent(depth, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty {
                out += "{}".utf8
                return
            }
            out += "{\n".utf8
            for (i, member) in members.enumerated() {
                if i > 0 { out += ",\n".utf8 }
                Self.indent(depth + 1, into: &out)
                Self.quote(member.0, into: &out)
                out += ": ".utf8
                member.1.write(to: &out, depth: depth + 1)
            }
            out.append(UInt8(ascii: "\n"))
            Self.indent(depth, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// The items of an array, each indented at `depth`, separated by `,` and a line end.
    private static func write(_ items: ArraySlice<JSON>, to out: inout [UInt8], depth: Int) {
        for index in items.indices {
            if index > items.startIndex { out += ",\n".utf8 }
            indent(depth, into: &out)
            items[index].write(to: &out, depth: depth)
        }
    }

    /// `write(_:to:depth:)` of a long array, runs of items rendered at once on every core, then joined in order.
    private static func writeInParallel(_ items: [JSON], to out: inout [UInt8], depth: Int) {
        let runs = (items.count + parallelItems - 1) / parallelItems
        let parts = RenderedParts(count: runs)
        DispatchQueue.concurrentPerform(iterations: runs) { run in
            var part: [UInt8] = []
            let range = run * parallelItems..<min(items.count, (run + 1) * parallelItems)
            write(items[range], to: &part, depth: depth)
            parts.set(run, part)
        }
        for run in 0..<runs {
            if run > 0 { out += ",\n".utf8 }
            out += parts.part(run)
        }
    }

    private static func indent(_ depth: Int, into out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    static func quote(_ text: String) -> String {
        var out: [UInt8] = []
        quote(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The string in quotes, escaped for JSON and for a terminal: runs of plain ASCII are copied as they are; `"`,
    /// `\`, line ends, tabs and every scalar `TerminalText.isUnsafe` names are escaped.
    static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var plain = 0  // the start of the run of bytes not yet copied
            var index = 0
            func escape(_ escaped: String, width: Int) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain..<index]))
                out += escaped.utf8
                index += width
                plain = index
            }
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""): escape("\\\"", width: 1)
                case UInt8(ascii: "\\"): escape("\\\\", width: 1)
                case UInt8(ascii: "\n"): escape("\\n", width: 1)
                case UInt8(ascii: "\r"): escape("\\r", width: 1)
                case UInt8(ascii: "\t"): escape("\\t", width: 1)
                case 0x20..<0x7F: index += 1
                case 0..<0x80: escape(TerminalText.jsonEscape(Unicode.Scalar(byte)), width: 1)
                default:
                    // A scalar of 2 to 4 bytes (a Swift string is valid UTF-8).
                    let width = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                    var value = UInt32(byte) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
                    for next in bytes[(index + 1)..<(index + width)] { value = value << 6 | UInt32(next & 0x3F) }
                    let scalar = Unicode.Scalar(value)!
                    if TerminalText.isUnsafe(scalar) {
                        escape(TerminalText.jsonEscape(scalar), width: width)
                    } else {
                        index += width
                    }
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// The rendered runs of a long array, each written by one task.
private final class RenderedParts: @unchecked Sendable {
    private var parts: [[UInt8]]
    private let lock = NSLock()

    init(count: Int) { parts = Array(repeating: [], count: count) }

    func set(_ index: Int, _ part: [UInt8]) {
        lock.lock()
        parts[index] = part
        lock.unlock()
    }

    func part(_ index: Int) -> [UInt8] { parts[index] }
}
