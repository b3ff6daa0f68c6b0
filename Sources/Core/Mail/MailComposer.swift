import DisplayText
import Foundation

/// Builds the message `gastown mail send` stores from a document and the command's options.
///
/// The document may carry its own front matter (its headers are the defaults) or be a legacy handoff
/// document (headers derived from its `**From**:` lines). The options win over both: `--from` and `--to`
/// route the message, so they always replace the document's; without them the document's own `From:`/`To:`
/// (or front matter `from`/`to`) route it. The body is kept byte for byte.
public enum MailComposer {
    public struct Options: Sendable, Hashable {
        /// The sending team; nil: the document's own.
        public var from: String?
        /// The receiving teams; empty: the document's own.
        public var to: [String]
        public var re: String?
        public var priority: String?
        public var status: String?
        public var molecules: [String]

        public init(
            from: String?, to: [String], re: String? = nil, priority: String? = nil, status: String? = nil,
            molecules: [String] = []
        ) {
            self.from = from
            self.to = to
            self.re = re
            self.priority = priority
            self.status = status
            self.molecules = molecules
        }
    }

    /// The new message, or the problems that prevent sending it (a front matter that does not parse,
    /// a team name with control characters...).
    public static func compose(document text: String, file: String, options: Options, now: Date) -> Result<
        MailMessage, ComposeError
    > {
        var problems: [Diagnostic] = []
        for (field, value) in (options.from.map { [("--from", $0)] } ?? []) + options.to.map({ ("--to", $0) }) {
            if let problem = fieldProblem(value, maximumLength: 80) {
                problems.append(
                    .error(
                        "invalid \(field) \"\(TerminalText.sanitizeLine(value))\": \(problem)", file: file, at: .unknown
                    ))
            }
        }
        for (field, value) in [("--re", options.re), ("--priority", options.priority), ("--status", options.status)] {
            if let value, let problem = fieldProblem(value, maximumLength: 200) {
                problems.append(
                    .error(
                        "invalid \(field) \"\(TerminalText.sanitizeLine(value))\": \(problem)", file: file, at: .unknown
                    ))
            }
        }
        for molecule in options.molecules where !MailID.isValid(molecule) {
            problems.append(
                .error(
                    "invalid --molecule \"\(TerminalText.sanitizeLine(molecule))\": use letters, digits, . _ - (starting with a letter or digit)",
                    file: file, at: .unknown))
        }
        let parsed = MailParser.parse(text, id: "draft", file: file)
        if parsed.isBroken { problems += parsed.problems.filter { $0.severity == .error } }
        // Without --from/--to, the document's own headers route it.
        let documentFrom = parsed.message.from.trimmingCharacters(in: .whitespaces)
        if options.from == nil && (documentFrom.isEmpty || documentFrom == "unknown") && !parsed.isBroken {
            problems.append(
                .error("no sending team: the document has no From line; give --from TEAM", file: file, at: .unknown))
        }
        if options.to.isEmpty && parsed.message.to.isEmpty && !parsed.isBroken {
            problems.append(
                .error("no receiving team: the document has no To line; give --to TEAM", file: file, at: .unknown))
        }
        guard problems.isEmpty else { return .failure(ComposeError(problems: problems)) }

        var message = parsed.message
        if let from = options.from { message.from = from.trimmingCharacters(in: .whitespaces) }
        if !options.to.isEmpty { message.to = options.to.map { $0.trimmingCharacters(in: .whitespaces) } }
        if let re = options.re { message.re = re }
        if let priority = options.priority { message.priority = priority }
        if let status = options.status { message.status = status }
        for molecule in options.molecules where !message.molecules.contains(molecule) {
            message.molecules.append(molecule)
        }
        // The document's own date (a legacy "**Date**: December 23, 2025") is kept if it has one.
        if message.date?.instant == nil { message.date = MailDate(now) }
        message.id = MailID.make(date: now, subject: message.re)
        message.format = .frontMatter
        return .success(message)
    }

    /// What is wrong with a header value given on the command line, or nil.
    static func fieldProblem(_ value: String, maximumLength: Int) -> String? {
        if value.trimmingCharacters(in: .whitespaces).isEmpty { return "it is empty" }
        if value.unicodeScalars.count > maximumLength { return "it is longer than \(maximumLength) characters" }
        if value.unicodeScalars.contains(where: {
            $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value)
        }) {
            return "it contains a control character"
        }
        return nil
    }

    public struct ComposeError: Error, Sendable, Hashable, CustomStringConvertible {
        public var problems: [Diagnostic]
        public var description: String { problems.map(\.description).joined(separator: "\n") }
    }
}
