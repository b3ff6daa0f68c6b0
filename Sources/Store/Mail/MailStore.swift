import Core
import DisplayText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A message as found on disk, with what was wrong with its file.
public struct StoredMail: Sendable, Hashable {
    public var message: MailMessage
    /// Errors (the message is `.broken`) and warnings, positioned in `.beads/mail/<id>.md`.
    public var problems: [Diagnostic]
    public var fileBytes: Int

    public init(message: MailMessage, problems: [Diagnostic], fileBytes: Int) {
        self.message = message
        self.problems = problems
        self.fileBytes = fileBytes
    }

    public var isBroken: Bool { message.format == .broken }
}

/// The mailbox of a workspace: one `.beads/mail/<id>.md` file per message, plus per-reader read-marks
/// in `.beads/mail/.read/` (see `MailReadMarks`).
///
/// Messages are created atomically and never overwritten: a second message with the same id gets `-2`, `-3`...
public struct MailStore: Sendable {
    public let layout: StoreLayout
    /// Larger message files are listed as broken and never read into memory.
    public static let maximumMessageBytes = 4 << 20

    public init(layout: StoreLayout) {
        self.layout = layout
    }

    public var directory: String { layout.mail }

    public func path(of id: String) -> String { "\(directory)/\(id).md" }

    public var readMarks: MailReadMarks { MailReadMarks(layout: layout) }

    /// Stores a new message under its id (made unique), returning it with the id used.
    public func send(_ message: MailMessage) throws(StoreError) -> MailMessage {
        try validate(id: message.id)
        try StoreInitializer.makeDirectories(directory)
        var stored = message
        for attempt in 1...1_000 {
            let suffix = attempt == 1 ? "" : "-\(attempt)"
            stored.id = String(message.id.prefix(MailID.maximumLength - suffix.count)) + suffix
            let bytes = Array(MailRenderer.render(stored).utf8)
            if try AtomicFile.create(bytes, at: path(of: stored.id)) { return stored }
        }
        throw StoreError(
            .alreadyExists, "could not find a free message id near \(message.id) in \(layout.relative(directory))")
    }

    /// Every `*.md` file of the mailbox, oldest first (by date, then id); broken ones included.
    public func list() throws(StoreError) -> [StoredMail] {
        let names = try Directory.list(directory).filter { $0.hasSuffix(".md") }
        let all = names.map { name -> StoredMail in
            let id = String(name.dropLast(3))
            guard MailID.isValid(id) else {
                return unreadable(
                    id: TerminalText.sanitizeLine(id), path: "\(directory)/\(name)", bytes: 0,
                    reason:
                        "the file name is not a valid message id (letters, digits, . _ -; at most \(MailID.maximumLength))"
                )
            }
            return load(existing: id)
        }
        return all.sorted { a, b in
            let da = a.message.date?.instant
            let db = b.message.date?.instant
            if da != db {
                guard let da else { return true }
                guard let db else { return false }
                return da < db
            }
            return a.message.id < b.message.id
        }
    }

    /// One message by id.
    public func load(id: String) throws(StoreError) -> StoredMail {
        try validate(id: id)
        var info = stat()
        guard lstat(path(of: id), &info) == 0 else {
            throw StoreError(.notFound, "no message \(id) in \(layout.relative(directory)) (see `gastown mail list`)")
        }
        return load(existing: id)
    }

    /// Loads a message and records that `reader` has read it.
    public func read(id: String, reader: String) throws(StoreError) -> StoredMail {
        let mail = try load(id: id)
        try readMarks.markRead([id], reader: reader)
        return mail
    }

    func validate(id: String) throws(StoreError) {
        guard MailID.isValid(id) else {
            throw StoreError(
                .invalidInput,
                "invalid message id \"\(TerminalText.sanitizeLine(id))\": use 1 to \(MailID.maximumLength) letters, digits, . _ - (starting with a letter or digit, no \"..\")"
            )
        }
    }

    private func load(existing id: String) -> StoredMail {
        let file = path(of: id)
        var info = stat()
        guard lstat(file, &info) == 0 else {
            return unreadable(id: id, path: file, bytes: 0, reason: "cannot stat: \(String(cString: strerror(errno)))")
        }
        let size = Int(info.st_size)
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            return unreadable(
                id: id, path: file, bytes: size, reason: "not a regular file (symbolic links and devices are not read)")
        }
        guard size <= Self.maximumMessageBytes else {
            return unreadable(
                id: id, path: file, bytes: size,
                reason:
                    "the file is \(size) bytes, over the \(Self.maximumMessageBytes / (1 << 20)) MiB limit; not read")
        }
        let bytes: [UInt8]
        do {
            guard let read = try AtomicFile.read(file) else {
                return unreadable(id: id, path: file, bytes: 0, reason: "the file disappeared")
            }
            bytes = read
        } catch {
            return unreadable(id: id, path: file, bytes: size, reason: error.message)
        }
        if let nul = bytes.firstIndex(of: 0) {
            return unreadable(
                id: id, path: file, bytes: bytes.count, reason: "binary file (NUL byte at offset \(nul)); not shown")
        }
        var warnings: [Diagnostic] = []
        let text: String
        if let valid = String(validating: bytes, as: UTF8.self) {
            text = valid
        } else {
            text = String(decoding: bytes, as: UTF8.self)
            warnings.append(
                .warning(
                    "not valid UTF-8: invalid bytes are shown as U+FFFD", file: layout.relative(file), at: .unknown))
        }
        let parsed = MailParser.parse(text, id: id, file: layout.relative(file))
        return StoredMail(message: parsed.message, problems: parsed.problems + warnings, fileBytes: bytes.count)
    }

    private func unreadable(id: String, path: String, bytes: Int, reason: String) -> StoredMail {
        let message = MailMessage(
            id: id, from: "unknown", to: [], re: "(unreadable message)", body: "", format: .broken)
        let problem = Diagnostic.error(reason, file: layout.relative(path), at: .unknown)
        return StoredMail(message: message, problems: [problem], fileBytes: bytes)
    }
}
