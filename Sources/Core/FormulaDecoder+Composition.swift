import TOML

/// The parts of Gas Town's other formula types: a convoy's legs and synthesis, an aspect's advice and
/// pointcuts, and `[compose]`.
extension FormulaDecoder {
    /// `[[legs]]` (parallel) and `[synthesis]`, which needs the legs named in its `depends_on`, or all of them.
    mutating func decodeConvoy(_ root: FieldReader) -> [FormulaStep] {
        var legs = (root.tables("legs") ?? []).enumerated().map { i, element in
            decodeStep(element.0, path: "legs[\(i)]", position: element.1, role: .leg)
        }
        if let table = root.table("synthesis") {
            let at = table.position.isKnown ? table.position : root.position("synthesis")
            var synthesis = decodeStep(table, path: "synthesis", position: at, role: .synthesis, defaultID: "synthesis")
            if synthesis.needs.isEmpty { synthesis.needs = legs.map(\.id) }
            legs.append(synthesis)
        }
        return legs
    }

    mutating func decodeAdvice(_ table: TOMLTable, path: String, position: SourcePosition) -> AdviceRule {
        let reader = FieldReader(table, path: path, file: file)
        let target = reader.string("target")
        func steps(_ reader: FieldReader, _ key: String, path: String) -> [FormulaStep] {
            // `before = { … }` is one step, `[[advice.around.before]]` a list of them.
            guard let entry = reader.entry(key) else { return [] }
            if let single = entry.value.tableValue {
                return [decodeStep(single, path: "\(path).\(key)", position: single.position, role: .advice)]
            }
            return (reader.tables(key) ?? []).enumerated().map { i, element in
                decodeStep(element.0, path: "\(path).\(key)[\(i)]", position: element.1, role: .advice)
            }
        }
        var before = steps(reader, "before", path: path)
        var after = steps(reader, "after", path: path)
        if let around = reader.table("around") {
            let inner = reader.reader(for: around, path: "\(path).around")
            before += steps(inner, "before", path: "\(path).around")
            after += steps(inner, "after", path: "\(path).around")
            _ = inner.unknownKeys()
        }
        if before.isEmpty && after.isEmpty {
            reader.warning("\(path): no before or after steps; it changes nothing", at: position)
        }
        _ = reader.unknownKeys()
        diagnostics += reader.diagnostics
        return AdviceRule(
            target: target, before: before, after: after, path: path,
            source: SourceMap(file: file, origin: position, positions: reader.sourceMap()))
    }

    mutating func decodePointcut(_ table: TOMLTable, path: String) -> Pointcut {
        let reader = FieldReader(table, path: path, file: file)
        let pointcut = Pointcut(glob: reader.string("glob"), type: reader.string("type"), label: reader.string("label"))
        _ = reader.unknownKeys()
        diagnostics += reader.diagnostics
        return pointcut
    }

    /// `[compose]`: `expand` and `map` rules and `aspects`; other composition keys (`bond_points`,
    /// `hooks`, `branch`, `gate`) are kept as unknown keys.
    mutating func decodeCompose(_ table: TOMLTable) -> ComposeRules {
        let reader = FieldReader(table, path: "compose", file: file)
        var rules = ComposeRules()
        for key in ["expand", "map"] {
            for (i, (ruleTable, position)) in (reader.tables(key) ?? []).enumerated() {
                let path = "compose.\(key)[\(i)]"
                if let rule = decodeExpandRule(ruleTable, path: path, position: position, map: key == "map") {
                    rules.expansions.append(rule)
                }
            }
        }
        rules.aspects = (reader.strings("aspects", allowSingle: true) ?? []).map {
            FormulaReference(name: $0.0, file: file, position: $0.1)
        }
        _ = reader.unknownKeys()
        diagnostics += reader.diagnostics
        return rules
    }

    private mutating func decodeExpandRule(_ table: TOMLTable, path: String, position: SourcePosition, map: Bool)
        -> ExpandRule?
    {
        let reader = FieldReader(table, path: path, file: file)
        let target = reader.string(map ? "select" : "target", required: true)
        let with = reader.string("with", required: true)
        let vars = reader.subvalues("vars", expected: "a string", \.stringValue).map {
            NamedText(name: $0.key, text: $0.value)
        }
        _ = reader.unknownKeys()
        diagnostics += reader.diagnostics
        guard let target, let with else { return nil }
        return ExpandRule(
            target: map ? .matching(target) : .step(target), with: with, vars: vars, path: path,
            source: SourceMap(file: file, origin: position, positions: reader.sourceMap()))
    }
}
