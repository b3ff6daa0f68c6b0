import Core
import DisplayText
import Screen

/// What a reviewer needs from a compliance report to decide, picked from its text by section
/// headings (whatever their numbering): the executive summary's items (status, recommendation,
/// open findings by severity) and the blocking issues (the critical and high findings' titles).
/// A report without those sections (another template) is summed up by its first non-empty lines.
struct ReportDigest: Equatable {
    /// "Key: value" items of the executive summary, markup removed.
    var summary: [String] = []
    /// The blocking issues, one per item; empty with `hasBlockingSection` means "none".
    var blocking: [String] = []
    var hasBlockingSection = false
    /// The first lines, when neither section was found.
    var fallback: [String] = []

    init(_ text: String) {
        var section: Section?
        var firstLines: [String] = []
        for raw in DocumentText.lines(text) {
            let line = TerminalText.sanitizeLine(raw).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if firstLines.count < 8 { firstLines.append(line) }
            if line.hasPrefix("#") {
                section = Section(heading: line)
                if section == .blocking { hasBlockingSection = true }
                continue
            }
            guard let current = section else { continue }
            switch current {
            case .summary where line.hasPrefix("- "): summary.append(Self.plain(line.dropFirst(2)))
            case .blocking where line.hasPrefix("- "): blocking.append(Self.plain(line.dropFirst(2)))
            // "Resolved findings:" and what follows are not blocking.
            case .blocking: section = nil
            default: break
            }
        }
        if summary.isEmpty && !hasBlockingSection { fallback = firstLines }
    }

    /// The lines to show, at most `count` (at least one), each at most `width` wide: the summary
    /// packed a few items per line, then the blocking issues, the last line saying how many did not fit.
    func lines(width: Int, count: Int) -> [Line] {
        guard count > 0 else { return [] }
        if !fallback.isEmpty { return fallback.prefix(count).map { Line(text: $0, kind: .plain) } }
        var lines = Self.pack(summary, width: width).map { Line(text: $0, kind: .summary) }
        if hasBlockingSection {
            if blocking.isEmpty {
                lines.append(Line(text: "Blocking issues: none", kind: .plain))
            } else {
                lines.append(Line(text: "Blocking issues (\(blocking.count)):", kind: .heading))
                // Each issue whole (wrapped) when every one fits so, else one line each.
                let wrapped = blocking.flatMap { issue in
                    TextLayout.wrap(issue, to: max(10, width - 2)).enumerated().map {
                        Line(text: ($0.offset == 0 ? "• " : "  ") + $0.element, kind: .blocking)
                    }
                }
                lines +=
                    lines.count + wrapped.count <= count
                    ? wrapped
                    : blocking.map { Line(text: "• " + $0, kind: .blocking) }
            }
        }
        guard lines.count > count else { return lines }
        // Keep the summary; drop the issues that do not fit and say so on the last line.
        let shown = Array(lines.prefix(count - 1))
        let hidden = lines.count - shown.count
        let more =
            shown.count < lines.count && lines[shown.count...].allSatisfy { $0.kind == .blocking }
            ? "… \(hidden) more blocking issue\(hidden == 1 ? "" : "s") (v view report)" : "… (v view report)"
        return shown + [Line(text: more, kind: .plain)]
    }

    struct Line: Equatable {
        var text: String
        var kind: Kind
    }

    enum Kind { case summary, heading, blocking, plain }

    private enum Section {
        case summary, blocking

        init?(heading: String) {
            let title = heading.lowercased()
            if title.contains("executive summary") {
                self = .summary
            } else if title.contains("critical issues") {
                self = .blocking
            } else {
                return nil
            }
        }
    }

    /// "**Status**: X" → "Status: X"; code and strike-through marks go too.
    private static func plain(_ text: Substring) -> String {
        text.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "~~", with: "")
            .replacingOccurrences(of: "`", with: "")
    }

    /// Items joined by " · " while they fit in `width`; an item wider than `width` stays alone.
    static func pack(_ items: [String], width: Int) -> [String] {
        var lines: [String] = []
        for item in items {
            if let last = lines.last, DisplayWidth.of(last) + 3 + DisplayWidth.of(item) <= width {
                lines[lines.count - 1] = last + " · " + item
            } else {
                lines.append(item)
            }
        }
        return lines
    }
}
