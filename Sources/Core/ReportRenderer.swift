import Mustache

/// Renders a Mustache report template. Pure: the caller reads the template and writes the result.
public enum ReportRenderer {
    public struct TemplateError: Error, Sendable, CustomStringConvertible {
        public var template: String
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "\(template):\(line):\(column): error: \(message)" }
    }

    /// Markdown, not HTML: values are not HTML-escaped unless the template asks for it. `context` is what
    /// the template's names are looked up in: a `ReportContext` for a report.
    public static func render(template text: String, named name: String, context: Any) throws(TemplateError)
        -> String
    {
        let source = text.hasPrefix("{{%") ? text : "{{% CONTENT_TYPE: TEXT}}" + text
        do {
            let template = try MustacheTemplate(string: source)
            return template.render(context)
        } catch let error as MustacheTemplate.ParserError {
            throw TemplateError(
                template: name, line: error.context.lineNumber, column: error.context.columnNumber,
                message: "the template does not parse: \(error.error)")
        } catch {
            throw TemplateError(template: name, line: 1, column: 1, message: "the template does not parse: \(error)")
        }
    }

    public static func render(template text: String, named name: String, input: ReportInput) throws(TemplateError)
        -> String
    {
        try render(template: text, named: name, context: ReportContext.build(input))
    }
}
