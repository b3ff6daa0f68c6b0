/// Where a report's text comes from when it is shown (the reader, `$PAGER`, the box beside a compliance
/// decision): snapshots carry only the report's path, as most reports are never opened. With a report in every
/// tenth of 100,000 molecules, holding every text cost some 70 MB. The executable reads the file (and keeps the
/// few texts shown lately); the model never touches files itself.
public protocol ReportTextSource: AnyObject, Sendable {
    /// The text of the report file at `path` as it is now, or a line saying it could not be read.
    func text(at path: String) -> String
}

/// The source as a snapshot holds it: it takes no part in comparing snapshots, as the texts it reads are the
/// files', not the snapshot's.
struct ReportTextSourceBox: Sendable, Hashable {
    let source: any ReportTextSource

    static func == (lhs: ReportTextSourceBox, rhs: ReportTextSourceBox) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}
