import TOML

/// Turns one formula document into a model, field by field. Cross references (needs, on_reject,
/// placeholders, …) are checked later by `FormulaValidator`, after `extends` and `[compose]` are applied.
struct FormulaDecoder {
    let file: String
    var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    struct Document {
        var formula: Formula
        var extends: [(name: String, position: SourcePosition)]
        var nameWritten: Bool
    }

    mutating func decode(_ table: TOMLTable) -> Document {
        let root = FieldReader(table, path: "", file: file)
        let name = root.string("formula") ?? root.string("name")
        let version = decodeVersion(root)
        let description = root.string("description")
        let type = decodeType(root)
        let extends = root.strings("extends", allowSingle: true) ?? []
        var variables = root.table("vars").map { decodeVariables($0, path: "vars") } ?? []
        variables += root.table("inputs").map { decodeVariables($0, path: "inputs") } ?? []
        var steps = (root.tables("steps") ?? []).enumerated().map { i, element in
            decodeStep(element.0, path: "steps[\(i)]", position: element.1)
        }
        steps += decodeConvoy(root)
        steps += (root.tables("aspects") ?? []).enumerated().map { i, element in
            decodeStep(element.0, path: "aspects[\(i)]", position: element.1, role: .aspect)
        }
        let (template, templateSteps) = decodeTemplate(root)
        let advice = (root.tables("advice") ?? []).enumerated().map { i, element in
            decodeAdvice(element.0, path: "advice[\(i)]", position: element.1)
        }
        let pointcuts = (root.tables("pointcuts") ?? []).enumerated().map { i, element in
            decodePointcut(element.0, path: "pointcuts[\(i)]")
        }
        var compose = ComposeRules()
        if let composeTable = root.table("compose") { compose = decodeCompose(composeTable) }
        let prompts = decodeTexts(root, "prompts")
        let output = decodeTexts(root, "output")
        let antiPatterns = (root.tables("anti_patterns") ?? []).enumerated().compactMap { i, element in
            decodeAntiPattern(element.0, index: i, position: element.1)
        }
        let sources = root.stringValues("authoritative_sources") ?? []
        let categories = root.stringValues("validation_categories") ?? []
        var rules = ProgressionRules()
        if let rulesTable = root.table("progression_rules") { rules = decodeProgressionRules(rulesTable) }
        let unknown = root.unknownKeys()
        let formula = Formula(
            name: name ?? "", version: version, description: description, type: type,
            extends: extends.map(\.0), variables: variables, steps: steps, templateSteps: templateSteps,
            advice: advice, pointcuts: pointcuts, compose: compose, prompts: prompts, output: output,
            antiPatterns: antiPatterns, authoritativeSources: sources, validationCategories: categories,
            progressionRules: rules, template: template, unknownKeys: unknown, file: file)
        checkContentFitsType(formula, root)
        diagnostics += root.diagnostics
        return Document(formula: formula, extends: extends.map { ($0.0, $0.1) }, nameWritten: name != nil)
    }

    func decodeVersion(_ root: FieldReader) -> FormulaVersion? {
        guard let entry = root.entry("version") else { return nil }
        switch entry.value {
        case .integer(let n) where n >= 0 && n <= Int64(Int32.max): return .integer(Int(n))
        case .string(let s) where !s.trimmingWhitespace().isEmpty: return .text(s)
        default:
            root.error(
                "version: expected a non-negative integer (3) or a string (\"2.1\"), found \(entry.value.typeName)",
                at: entry.valuePosition)
            return nil
        }
    }

    func decodeType(_ root: FieldReader) -> FormulaType? {
        guard let written = root.string("type") else { return nil }
        guard let type = FormulaType(rawValue: written) else {
            root.invalid("type", "unknown formula type \"\(written)\"; expected \(FormulaType.namesText)")
            return nil
        }
        return type
    }

    /// `template`: a string names our report template; an array of tables is an expansion's steps.
    mutating func decodeTemplate(_ root: FieldReader) -> (report: String?, steps: [FormulaStep]) {
        guard let entry = root.entry("template") else { return (nil, []) }
        if let report = entry.value.stringValue { return (report, []) }
        guard let array = entry.value.arrayValue, array.values.allSatisfy({ $0.tableValue != nil }) else {
            root.wrongType(
                "template", expected: "a string (the report template) or an array of tables ([[template]] steps)",
                found: entry.value, at: entry.valuePosition)
            return (nil, [])
        }
        let steps = (root.tables("template") ?? []).enumerated().map { i, element in
            decodeStep(element.0, path: "template[\(i)]", position: element.1, role: .template)
        }
        return (nil, steps)
    }

    /// Keys that belong to another formula type are errors at the key: their content would be ignored.
    func checkContentFitsType(_ formula: Formula, _ root: FieldReader) {
        let kind = formula.kind
        let written = formula.type.map { "type = \"\($0.rawValue)\"" } ?? "a \(kind.rawValue) formula by its content"
        func refuse(_ key: String, _ what: String, belongsTo types: [FormulaType]) {
            guard !types.contains(kind), let entry = root.table.entry(key) else { return }
            let owners = types.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
            root.error(
                "\(key): \(what) is only valid in a formula of type \(owners); this one is \(written)",
                at: entry.keyPosition.isKnown ? entry.keyPosition : entry.valuePosition)
        }
        if !formula.templateSteps.isEmpty {
            refuse("template", "an array of [[template]] steps", belongsTo: [.expansion])
        }
        refuse("steps", "[[steps]]", belongsTo: [.workflow])
        refuse("legs", "[[legs]]", belongsTo: [.convoy])
        refuse("synthesis", "[synthesis]", belongsTo: [.convoy])
        refuse("aspects", "[[aspects]]", belongsTo: [.aspect])
        refuse("advice", "[[advice]]", belongsTo: [.aspect, .workflow])
        refuse("pointcuts", "[[pointcuts]]", belongsTo: [.aspect, .workflow])
    }

    /// `[prompts]` / `[output]`: string values, kept and shown.
    func decodeTexts(_ root: FieldReader, _ key: String) -> [NamedText] {
        root.subvalues(key, expected: "a string", \.stringValue).map { NamedText(name: $0.key, text: $0.value) }
    }
}
