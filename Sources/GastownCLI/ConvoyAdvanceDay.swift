import ArgumentParser
import Core
import DisplayText
import Foundation
import Store

struct ConvoyAdvanceDay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance-day",
        abstract:
            "Move a convoy to its next day once every molecule of the current day meets its day-completion criteria.",
        discussion: """
            Refuses (exit 3, nothing written) with the list of what each molecule still lacks. The criteria are the
            formula's [progression_rules] day_completion_criteria (docs/gates.md, "Progression").
            """)

    @OptionGroup var options: StoreOptions
    @Argument(help: "The convoy's name.") var name: String

    func run() throws {
        try runStoreCommandReturningCode(json: options.json) { () throws(StoreError) -> Int32 in
            let store = try options.store()
            do throws(StoreError) {
                let moved = try store.advanceDay(convoy: name)
                if options.json {
                    Output.json(
                        .object([
                            ("convoy", .string(name)), ("advanced", .bool(true)), ("from", .integer(moved.from)),
                            ("day", .integer(moved.to)), ("completed", DayPresentation.day(moved.day)),
                            ("missing", .array([])),
                        ]))
                } else {
                    Output.line(
                        "convoy \(name) advanced from day \(moved.from) to day \(moved.to) (\(moved.day.molecules.count) molecules of day \(moved.from) complete)"
                    )
                }
            } catch  where error.kind == .refused && options.json {
                let progress = try store.convoyProgress(name)
                Output.json(
                    .object([
                        ("convoy", .string(name)), ("advanced", .bool(false)), ("from", .integer(progress.currentDay)),
                        ("day", .integer(progress.currentDay)), ("completed", DayPresentation.day(progress.current)),
                        ("missing", .array(progress.current.missing.map(JSON.string))),
                        ("error", Exit.errorJSON(error)),
                    ]))
                Output.error(TerminalText.sanitize(error.message))
                return Exit.refused
            }
            return Exit.ok
        }
    }
}

/// Per-day readiness for `convoy show` and `convoy advance-day`.
enum DayPresentation {
    static func day(_ d: DayReadiness) -> JSON {
        .object([
            ("day", .integer(d.day)),
            ("ready", .bool(d.ready)),
            (
                "molecules",
                .array(
                    d.molecules.map { m in
                        .object([
                            ("molecule", .string(m.molecule)),
                            ("ready", .bool(m.ready)),
                            ("missing", .array(m.missing.map(JSON.string))),
                            (
                                "criteria",
                                .array(
                                    m.criteria.map { c in
                                        .object([
                                            ("description", .string(c.criterion.description)), ("met", .bool(c.met)),
                                            ("detail", .string(c.detail)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }

    static func progress(_ p: ConvoyProgress) -> JSON {
        .object([("current_day", .integer(p.currentDay)), ("days", .array(p.days.map(day)))])
    }

    /// "Day 3 (current): 1/4 molecules ready" then one line per molecule with what it lacks.
    static func lines(_ p: ConvoyProgress) -> [String] {
        var lines: [String] = []
        for d in p.days {
            let ready = d.molecules.filter(\.ready).count
            let label = d.day == p.currentDay ? " (current)" : d.day < p.currentDay ? " (past)" : " (upcoming)"
            lines.append(
                "Day \(d.day)\(label): \(ready)/\(d.molecules.count) molecules ready"
                    + (d.day == p.currentDay
                        ? (d.ready
                            ? " — `gastown convoy advance-day \(p.convoy)` can advance"
                            : " — the day cannot advance yet") : ""))
            for m in d.molecules {
                if m.ready {
                    lines.append("  ✓ \(m.molecule)")
                } else {
                    lines.append("  ✗ \(m.molecule): lacks " + m.missing.map(Output.safe).joined(separator: "; "))
                }
            }
        }
        return lines
    }
}
