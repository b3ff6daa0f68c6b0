/// One finding of a compliance triage, filed under one of the formula's validation categories.
public struct ComplianceFinding: Sendable, Hashable {
    /// A validation category of the formula (e.g. "SOC2 requirements").
    public var category: String
    public var severity: Severity
    public var title: String
    public var detail: String?
    /// Where it was found (a path, optionally with a line).
    public var location: String?

    public init(category: String, severity: Severity, title: String, detail: String? = nil, location: String? = nil) {
        self.category = category
        self.severity = severity
        self.title = title
        self.detail = detail
        self.location = location
    }

    /// Critical and high findings block sign-off; medium and low are warnings.
    public var isBlocking: Bool { severity >= .high }
}
