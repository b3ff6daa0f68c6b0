import Foundation

/// One finding of a compliance triage, filed under one of the formula's validation categories.
public struct ComplianceFinding: Sendable, Hashable {
    /// How a finding was closed: who, when, and why.
    public struct Resolution: Sendable, Hashable {
        public var by: String
        public var at: Date
        public var note: String

        public init(by: String, at: Date, note: String) {
            self.by = by
            self.at = at
            self.note = note
        }
    }

    /// The finding's id in the store (nil for findings built in memory).
    public var id: String?
    /// A validation category of the formula (e.g. "SOC2 requirements").
    public var category: String
    public var severity: Severity
    public var title: String
    public var detail: String?
    /// Where it was found (a path, optionally with a line).
    public var location: String?
    /// Set once the finding is resolved; a resolved finding no longer counts against sign-off.
    public var resolution: Resolution?

    public init(
        id: String? = nil, category: String, severity: Severity, title: String, detail: String? = nil,
        location: String? = nil, resolution: Resolution? = nil
    ) {
        self.id = id
        self.category = category
        self.severity = severity
        self.title = title
        self.detail = detail
        self.location = location
        self.resolution = resolution
    }

    /// Critical and high findings block sign-off; medium and low are warnings.
    public var isBlocking: Bool { severity >= .high }

    public var isOpen: Bool { resolution == nil }
}
