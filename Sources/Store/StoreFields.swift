import Core
import DisplayText
import Foundation
import TOML

/// The store's field types on top of Core's one typed reader (`FieldReader`).
extension FieldReader {
    /// Every diagnostic as a store problem of the file's schema.
    var problems: [StoreProblem] {
        diagnostics.map {
            StoreProblem(
                .schema, file: $0.file, position: $0.position, message: $0.message,
                severity: $0.isError ? .error : .warning)
        }
    }

    /// A string that must be a valid store name (step ids, assignees…).
    func name(_ key: String, required: Bool = false) -> String? {
        guard let value = string(key, required: required) else { return nil }
        if let problem = NameValidation.problem(with: value) {
            invalid(key, "\"\(TerminalText.sanitizeLine(value))\" is not a valid name: \(problem)")
            return nil
        }
        return value
    }

    /// An array of valid store names; an invalid one is reported and left out.
    func names(_ key: String) -> [String] {
        stringList(key).filter { value in
            guard let problem = NameValidation.problem(with: value) else { return true }
            invalid(key, "entry \"\(TerminalText.sanitizeLine(value))\" is not a valid name: \(problem)")
            return false
        }
    }

    /// An array of strings (empty when absent); an element of another type is reported and left out.
    func stringList(_ key: String) -> [String] {
        stringValues(key) ?? []
    }

    func date(_ key: String, required: Bool = false) -> Date? {
        offsetDateTime(key, required: required).map(Timestamp.date)
    }
}

/// Parses a file's bytes as TOML, turning a decoder error into a positioned problem.
enum TOMLFile {
    static func parse(_ bytes: [UInt8], file: String) -> Result<TOMLTable, StoreProblem> {
        do throws(TOMLError) {
            return .success(try TOMLParser.parse(bytes: bytes, file: file))
        } catch {
            return .failure(StoreProblem(.parse, file: file, position: error.position, message: error.message))
        }
    }
}
