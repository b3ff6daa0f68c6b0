import DisplayText

/// Why a molecule's variable values do not fit its formula.
public enum VariableProblem: Sendable, Hashable, CustomStringConvertible {
    /// A value for a variable the formula does not declare.
    case undeclared(name: String, formula: String, declared: [String])
    case givenTwice(name: String)
    /// A value outside the variable's `enum`.
    case notAllowed(name: String, value: String, allowed: [String])
    /// A value the variable's `pattern` does not match as a whole.
    case noMatch(name: String, value: String, pattern: String)
    /// A value that is not of the variable's `type` (a number, an integer, true or false).
    case wrongType(name: String, value: String, type: VariableValueType)
    /// A required variable with no value (`unless`: the variables whose value would have done instead).
    case missing(name: String, description: String?, unless: [String] = [])

    public var description: String {
        switch self {
        case .undeclared(let name, let formula, let declared):
            "formula \(formula) has no variable \"\(TerminalText.sanitizeLine(name))\" (its variables: "
                + (declared.isEmpty ? "none" : declared.joined(separator: ", ")) + ")"
        case .givenTwice(let name):
            "variable \(TerminalText.sanitizeLine(name)) is given twice"
        case .notAllowed(let name, let value, let allowed):
            "variable \(name): \"\(TerminalText.sanitizeLine(value))\" is not one of \(allowed.joined(separator: ", "))"
        case .noMatch(let name, let value, let pattern):
            "variable \(name): \"\(TerminalText.sanitizeLine(value))\" does not match the pattern \(pattern)"
        case .wrongType(let name, let value, let type):
            "variable \(name): \"\(TerminalText.sanitizeLine(value))\" is not \(type == .integer ? "an" : "a") \(type.rawValue)"
        case .missing(let name, let description, let unless):
            "variable \(name) is required"
                + (unless.isEmpty ? "" : " unless \(unless.joined(separator: " or ")) is given")
                + (description.map { " (\($0))" } ?? "")
        }
    }
}

extension Formula {
    /// A molecule's variable values: the given ones (in the order given) and then, for the variables not
    /// given, their defaults (in formula order). Every problem is reported, not only the first: a value for
    /// an undeclared variable or given twice, outside its `enum`, not wholly matching its `pattern`, not of
    /// its `type`, or a required variable left without a value (`required_unless`: unless one of the
    /// variables named has a value). Pure.
    public func bindVariables(_ given: [(key: String, value: String)]) -> Result<
        [(key: String, value: String)], VariableBindingError
    > {
        var values: [(key: String, value: String)] = []
        var problems: [VariableProblem] = []
        let declared = variables
        for (name, value) in given {
            guard let variable = declared[name] else {
                problems.append(.undeclared(name: name, formula: self.name, declared: variableList.map(\.name)))
                continue
            }
            if values.contains(where: { $0.key == name }) {
                problems.append(.givenTwice(name: name))
                continue
            }
            problems += variable.problems(with: value)
            values.append((name, value))
        }
        let givenNames = Set(values.map(\.key))
        for variable in variableList where !givenNames.contains(variable.name) {
            if let value = variable.defaultValue {
                values.append((variable.name, value))
            } else if variable.required || !variable.requiredUnless.isEmpty,
                !variable.requiredUnless.contains(where: givenNames.contains)
            {
                problems.append(
                    .missing(name: variable.name, description: variable.description, unless: variable.requiredUnless))
            }
        }
        return problems.isEmpty ? .success(values) : .failure(VariableBindingError(problems: problems))
    }
}

/// Every problem found binding a molecule's values to its formula's variables.
public struct VariableBindingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [VariableProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

extension FormulaVariable {
    /// Why `value` does not fit this variable: outside its `enum`, its `pattern` not matching the whole
    /// value, not of its `type`; empty when it fits. A pattern that does not compile is the formula's error
    /// (`FormulaValidator`), not the value's.
    public func problems(with value: String) -> [VariableProblem] {
        var problems: [VariableProblem] = []
        if let allowedValues, !allowedValues.contains(value) {
            problems.append(.notAllowed(name: name, value: value, allowed: allowedValues))
        }
        if let pattern, case .success(let regex) = VariablePattern.compile(pattern), !regex.matches(wholly: value) {
            problems.append(.noMatch(name: name, value: value, pattern: pattern))
        }
        if let valueType, !valueType.accepts(value) {
            problems.append(.wrongType(name: name, value: value, type: valueType))
        }
        return problems
    }
}

/// A variable's `pattern`: a regular expression that must match the whole value — not a prefix, and not
/// up to a trailing newline — trying every alternative (`a|ab` matches "ab"). Matched scalar by scalar,
/// as the ICU and RE2 engines formulas are written for do.
struct VariablePattern {
    private let regex: Regex<AnyRegexOutput>

    static func compile(_ pattern: String) -> Result<VariablePattern, FormulaValidator.RegexCompileError> {
        do {
            return .success(VariablePattern(regex: try Regex(pattern).matchingSemantics(.unicodeScalar)))
        } catch {
            return .failure(.init(message: "\(pattern) is not a valid regular expression"))
        }
    }

    func matches(wholly value: String) -> Bool {
        (try? regex.wholeMatch(in: value)) != nil
    }
}
