import TOML

extension FormulaDecoder {
    /// `[vars.NAME]` and a convoy's `[inputs.NAME]`: the same fields, one variable each.
    mutating func decodeVariables(_ table: TOMLTable, path: String) -> [FormulaVariable] {
        var result: [FormulaVariable] = []
        for entry in table.entries {
            let variablePath = "\(path).\(entry.key)"
            switch entry.value {
            case .string(let value):
                // Gas Town shorthand: a bare string is the default.
                result.append(
                    FormulaVariable(
                        name: entry.key, defaultValue: value, position: entry.keyPosition,
                        source: SourceMap(
                            file: file, origin: entry.keyPosition, positions: [("default", entry.valuePosition)])))
            case .table(let variableTable):
                result.append(
                    decodeVariable(entry.key, variableTable, path: variablePath, keyPosition: entry.keyPosition))
            default:
                diagnostics.append(
                    .error(
                        "\(variablePath): expected a table or a default string, found \(entry.value.typeName)",
                        file: file, at: entry.valuePosition))
            }
        }
        return result
    }

    private mutating func decodeVariable(
        _ name: String, _ table: TOMLTable, path: String, keyPosition: SourcePosition
    ) -> FormulaVariable {
        let reader = FieldReader(table, path: path, file: file)
        let origin = table.position.isKnown ? table.position : keyPosition
        let description = reader.string("description")
        var defaultValue: String? = nil
        if let d = reader.entry("default") {
            switch d.value {
            case .string(let s): defaultValue = s
            case .integer(let n): defaultValue = String(n)
            case .boolean(let b): defaultValue = String(b)
            case .float(let f): defaultValue = String(f)
            default: reader.wrongType("default", expected: "a string", found: d.value, at: d.valuePosition)
            }
        }
        let required = reader.bool("required") ?? false
        let allowed = reader.stringValues("enum")
        let pattern = reader.string("pattern")
        var valueType: VariableValueType? = nil
        if let written = reader.string("type") {
            valueType = VariableValueType(written: written)
            if valueType == nil {
                reader.warning(
                    "\(path).type: unknown value type \"\(written)\" (known: string, number, integer, boolean); values are not checked",
                    at: reader.position("type"))
            }
        }
        let requiredUnless = reader.strings("required_unless", allowSingle: true) ?? []
        _ = reader.unknownKeys()
        diagnostics += reader.diagnostics
        var positions = reader.sourceMap()
        positions += requiredUnless.enumerated().map { ("required_unless.\($0)", $1.1) }
        return FormulaVariable(
            name: name, description: description, defaultValue: defaultValue, required: required,
            allowedValues: allowed, pattern: pattern, valueType: valueType, requiredUnless: requiredUnless.map(\.0),
            position: origin, source: SourceMap(file: file, origin: origin, positions: positions))
    }
}
