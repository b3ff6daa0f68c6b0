import DisplayText
import Foundation

/// Searches file contents for a formula's anti-patterns. Pure: files come in as (path, bytes) pairs.
///
/// Matching is per line, like grep: `^` and `$` anchor at line ends and a match never spans lines.
/// The expressions are untrusted, so the work is bounded (see `AntiPatternLimits`) and whatever was not
/// fully searched is reported in `AntiPatternReport.cutShort`, `skipped` or `abandonedRules`.
public struct AntiPatternScanner {
    public let rules: [AntiPattern]
    public let limits: AntiPatternLimits
    public private(set) var report = AntiPatternReport()
    private let compiled: [NSRegularExpression?]
    private var cutShortFiles: [Int]

    public init(rules: [AntiPattern], limits: AntiPatternLimits = AntiPatternLimits()) {
        self.rules = rules
        self.limits = limits
        var compiled: [NSRegularExpression?] = []
        var report = AntiPatternReport()
        for rule in rules {
            report.patternNames[rule.id] = rule.name
            do {
                compiled.append(try NSRegularExpression(pattern: rule.pattern))
            } catch {
                compiled.append(nil)
                report.invalidRules.append(
                    AntiPatternInvalidRule(
                        patternID: rule.id, pattern: rule.name,
                        message: "invalid regular expression \"\(TerminalText.sanitizeLine(rule.pattern))\""))
            }
        }
        self.compiled = compiled
        self.report = report
        self.cutShortFiles = Array(repeating: 0, count: rules.count)
    }

    /// Scans every pair and returns the report.
    public static func scan(
        _ files: some Sequence<(path: String, contents: [UInt8])>, rules: [AntiPattern],
        limits: AntiPatternLimits = AntiPatternLimits()
    ) -> AntiPatternReport {
        var scanner = AntiPatternScanner(rules: rules, limits: limits)
        for file in files { scanner.scan(path: file.path, contents: file.contents) }
        return scanner.finish()
    }

    /// Records a file the caller could not or would not read.
    public mutating func skip(path: String, reason: AntiPatternSkip.Reason) {
        report.skipped.append(AntiPatternSkip(file: path, reason: reason))
    }

    /// Scans one file (`path` relative and `/`-separated: it is matched against the rules' globs).
    public mutating func scan(path: String, contents: [UInt8]) {
        if contents.count > limits.maximumFileBytes {
            return skip(path: path, reason: .tooLarge(bytes: contents.count))
        }
        if contents.contains(0) { return skip(path: path, reason: .binary) }
        let active = rules.indices.filter {
            compiled[$0] != nil && cutShortFiles[$0] < limits.abandonAfterCutShortFiles && rules[$0].applies(to: path)
        }
        guard !active.isEmpty else { return }
        report.filesScanned += 1
        let string = String(decoding: contents, as: UTF8.self)
        let text = string as NSString
        let lines = lineRanges(text)
        var fileHits: [(rule: Int, hit: AntiPatternHit)] = []
        for index in active {
            fileHits += scan(string, text, lines: lines, path: path, ruleIndex: index).map { (index, $0) }
        }
        // By line, then in the formula's order.
        fileHits.sort { ($0.hit.line, $0.rule) < ($1.hit.line, $1.rule) }
        report.hits += fileHits.map(\.hit)
    }

    public func finish() -> AntiPatternReport { report }

    /// Each line's range without its terminator (`\n`, `\r\n`).
    private func lineRanges(_ text: NSString) -> [NSRange] {
        var ranges: [NSRange] = []
        var start = 0
        let length = text.length
        while start <= length {
            let found = text.range(of: "\n", options: .literal, range: NSRange(location: start, length: length - start))
            var end = found.location == NSNotFound ? length : found.location
            let next = end + 1
            if end > start, text.character(at: end - 1) == 13 { end -= 1 }
            if found.location != NSNotFound || end > start {
                ranges.append(NSRange(location: start, length: end - start))
            }
            if found.location == NSNotFound { break }
            start = next
        }
        return ranges
    }

    /// One rule over one file; `string` and `text` are the same contents (NSRange offsets are UTF-16).
    private mutating func scan(_ string: String, _ text: NSString, lines: [NSRange], path: String, ruleIndex: Int)
        -> [AntiPatternHit]
    {
        guard let regex = compiled[ruleIndex] else { return [] }
        let rule = rules[ruleIndex]
        var hits: [AntiPatternHit] = []
        var extraTicks = 0
        var longLines = 0
        var firstLongLine = 0
        for (offset, full) in lines.enumerated() {
            let lineNumber = offset + 1
            var range = full
            if range.length > limits.maximumLineLength {
                if longLines == 0 { firstLongLine = lineNumber }
                longLines += 1
                range.length = limits.maximumLineLength
            }
            var ticks = 0
            var matched = false
            var exhausted = false
            let allowance = range.length + 1 + (limits.extraStepsPerFile - extraTicks)
            regex.enumerateMatches(in: string, options: [.reportProgress], range: range) { match, flags, stop in
                if match != nil {
                    matched = true
                    stop.pointee = true
                } else if flags.contains(.progress) {
                    ticks += 1
                    if ticks > allowance {
                        exhausted = true
                        stop.pointee = true
                    }
                }
            }
            extraTicks += max(0, ticks - (range.length + 1))
            if exhausted {
                report.cutShort.append(
                    AntiPatternCutShort(file: path, patternID: rule.id, line: lineNumber, reason: .stepBudget))
                cutShortFiles[ruleIndex] += 1
                if cutShortFiles[ruleIndex] == limits.abandonAfterCutShortFiles {
                    report.abandonedRules.append(rule.id)
                }
                break
            }
            if matched {
                if hits.count == limits.maximumHitsPerFile {
                    report.cutShort.append(
                        AntiPatternCutShort(file: path, patternID: rule.id, line: lineNumber, reason: .hitLimit))
                    break
                }
                let lineText = text.substring(with: range).trimmingCharacters(in: .whitespaces)
                hits.append(
                    AntiPatternHit(
                        antiPatternID: rule.id, severity: rule.severity, file: path, line: lineNumber,
                        excerpt: TextLayout.truncate(TerminalText.sanitizeLine(lineText), to: limits.excerptWidth)))
            }
        }
        if longLines > 0 {
            report.cutShort.append(
                AntiPatternCutShort(
                    file: path, patternID: rule.id, line: firstLongLine, reason: .longLines(count: longLines)))
        }
        return hits
    }
}
