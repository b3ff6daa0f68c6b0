import Foundation

extension Formula {
    /// The values a molecule's `{{placeholders}}` resolve to: the given ones over the defaults. Problems:
    /// a required variable missing, a value outside its `enum` or not matching its `pattern`, a value for
    /// a variable the formula does not declare. Pure.
    public func resolveVariables(_ given: [String: String]) -> (values: [String: String], problems: [String]) {
        var values: [String: String] = [:]
        var problems: [String] = []
        let declared = Set(variableList.map(\.name))
        for name in given.keys.sorted() where !declared.contains(name) {
            problems.append("formula \(self.name) has no variable \"\(name)\"")
        }
        for variable in variableList {
            guard let value = given[variable.name] ?? variable.defaultValue else {
                if variable.required { problems.append("variable \(variable.name) is required") }
                continue
            }
            if let allowed = variable.allowedValues, !allowed.contains(value) {
                problems.append(
                    "variable \(variable.name): \"\(value)\" is not one of \(allowed.joined(separator: ", "))")
            }
            if let pattern = variable.pattern, case .success(let regex) = FormulaValidator.compile(pattern),
                !FormulaValidator.wholeMatch(regex, value)
            {
                problems.append("variable \(variable.name): \"\(value)\" does not match \(pattern)")
            }
            values[variable.name] = value
        }
        return (values, problems)
    }
}
