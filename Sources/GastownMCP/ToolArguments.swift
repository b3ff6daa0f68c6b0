import Foundation
import MCP
import Store

/// A tool call's arguments, read by name: a missing required one, or one of the wrong type, is an
/// `invalid-input` error naming the field and what was expected (as the CLI names its option).
struct ToolArguments: Sendable {
    let values: [String: Value]

    init(_ values: [String: Value]?) { self.values = values ?? [:] }

    func string(_ name: String) throws(StoreError) -> String? {
        guard let value = values[name], !value.isNull else { return nil }
        guard case .string(let text) = value else { throw wrongType(name, "a string") }
        return text
    }

    func requiredString(_ name: String) throws(StoreError) -> String {
        guard let text = try string(name) else { throw missing(name, "a string") }
        return text
    }

    func integer(_ name: String, minimum: Int = 0) throws(StoreError) -> Int? {
        guard let value = values[name], !value.isNull else { return nil }
        let number: Int
        switch value {
        case .int(let i): number = i
        case .double(let d) where d == d.rounded() && abs(d) < 1e15: number = Int(d)
        default: throw wrongType(name, "an integer")
        }
        guard number >= minimum else {
            throw StoreError(.invalidInput, "argument \(name): expected an integer ≥ \(minimum), found \(number)")
        }
        return number
    }

    func bool(_ name: String) throws(StoreError) -> Bool {
        guard let value = values[name], !value.isNull else { return false }
        guard case .bool(let flag) = value else { throw wrongType(name, "true or false") }
        return flag
    }

    func strings(_ name: String) throws(StoreError) -> [String] {
        guard let value = values[name], !value.isNull else { return [] }
        guard case .array(let items) = value else { throw wrongType(name, "an array of strings") }
        var out: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw wrongType(name, "an array of strings") }
            out.append(text)
        }
        return out
    }

    /// An object of string values, in key order (`variables`).
    func stringMap(_ name: String) throws(StoreError) -> [(key: String, value: String)] {
        guard let value = values[name], !value.isNull else { return [] }
        guard case .object(let members) = value else { throw wrongType(name, "an object of strings") }
        var out: [(key: String, value: String)] = []
        for key in members.keys.sorted() {
            guard case .string(let text) = members[key] else {
                throw StoreError(.invalidInput, "argument \(name).\(key): expected a string")
            }
            out.append((key, text))
        }
        return out
    }

    private func wrongType(_ name: String, _ expected: String) -> StoreError {
        StoreError(.invalidInput, "argument \(name): expected \(expected)")
    }

    private func missing(_ name: String, _ expected: String) -> StoreError {
        StoreError(.invalidInput, "missing argument \(name): expected \(expected)")
    }
}
