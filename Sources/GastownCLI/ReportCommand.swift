import ArgumentParser
import Core
import DisplayText
import Foundation
import Store

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render compliance reports for a molecule and list them (docs/reports.md).",
        subcommands: [ReportRender.self, ReportList.self]
    )
}

struct ReportRender: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a template from a molecule's state into its reports/ folder; prints the file's path.",
        discussion: """
            The template is --template (a name looked up in WORKSPACE/templates/, .beads/templates/, then the
            built-in ones; or a path to a .md file), else the formula's `template`, else
            compliance-triage-report-v2. The same state always gives the same file name and bytes.
            """)

    @OptionGroup var options: StoreOptions
    @Argument(help: "The molecule's name.") var molecule: String
    @Option(help: "A template name or a path to a Mustache .md file.") var template: String?
    @Flag(help: "Also print the report.") var print = false

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let store = try options.store()
            var byPath: (path: String, display: String)?
            var name = template
            if let template, template.contains("/") || template.hasSuffix(".md") {
                byPath = (PathResolution.absolute(template, from: FileManager.default.currentDirectoryPath), template)
                name = nil
            }
            let rendered = try store.renderReport(molecule: molecule, template: name, templatePath: byPath)
            if options.json { return Output.json(ReportPresentation.rendered(molecule, rendered)) }
            Output.line(rendered.file.path + (rendered.created ? "" : " (unchanged: this state was already rendered)"))
            if print { Output.line(TerminalText.sanitize(rendered.text)) }
        }
    }
}

struct ReportList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List a molecule's rendered reports, oldest first (the last is the latest).")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The molecule's name.") var molecule: String

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let state = try options.store().loadMolecule(molecule)
            let reports = state.gateRecords.reports
            if options.json {
                Output.json(
                    .object([
                        ("molecule", .string(molecule)), ("reports", .array(reports.map(ReportPresentation.file))),
                    ]))
                return
            }
            if reports.isEmpty {
                Output.line("no reports yet (render one with `gastown report render \(molecule)`)")
                return
            }
            var rows = [["REPORT", "TEMPLATE", "SEQ", "WRITTEN", "PATH"]]
            for r in reports {
                rows.append([
                    Output.safe(r.name), Output.safe(r.template), String(r.sequence), Timestamp.text(r.modified),
                    Output.safe(r.path),
                ])
            }
            TextLayout.table(rows).forEach(Output.line)
        }
    }
}

enum ReportPresentation {
    /// `report render --json`.
    static func rendered(_ molecule: String, _ rendered: RenderedReport) -> JSON {
        .object([
            ("molecule", .string(molecule)), ("report", file(rendered.file)),
            ("template_source", .string(rendered.templateSource)), ("created", .bool(rendered.created)),
            ("content", .string(rendered.text)),
        ])
    }

    static func file(_ r: ReportFile) -> JSON {
        .object([
            ("name", .string(r.name)), ("path", .string(r.path)), ("template", .string(r.template)),
            ("sequence", .integer(r.sequence)), ("hash", .string(r.hash)), ("written", .date(r.modified)),
        ])
    }
}
