import ArgumentParser
import Core
import DisplayText
import Foundation
import Store

/// `gastown mail`: handoff documents between teams (docs/mail.md).
struct MailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "Send, list and read handoff documents between teams (.beads/mail/).",
        discussion: "Exit codes: 0 success; 1 not found, unreadable or broken message; 2 invalid input.",
        subcommands: [MailSend.self, MailList.self, MailRead.self]
    )
}

extension StoreOptions {
    func mailStore() throws -> MailStore {
        do { return MailStore(layout: try layout()) } catch { throw MailFailure(error) }
    }
}

/// Who is reading: `--reader`, then GASTOWN_REVIEWER, git user.name, the login name (as for reviewers).
struct MailReaderOptions: ParsableArguments {
    @Option(name: .long, help: "Who is reading (default: GASTOWN_REVIEWER, git user.name, then the login name).")
    var reader: String?

    func resolve() throws -> String {
        do {
            if let reader { try NameValidation.validate(reader, field: "--reader") }
            return try ReviewerIdentity.resolve(explicit: reader, environment: ProcessInfo.processInfo.environment).name
        } catch {
            throw MailFailure(error)
        }
    }
}

struct MailSend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a Markdown document (with or without +++ front matter) from one team to others.",
        discussion: """
            FILE may have its own TOML front matter (from, to) or be a legacy handoff document (its **From**:/**To**: \
            or From:/To: lines); those give the teams when --from and --to are absent, and the options always win. \
            Every team must be a team of some convoy, in any spelling (slug, display name, alias, or the handoff \
            style "Gateway (GW) Team"), or `all`; it is stored as the team's slug. An unknown team is an error \
            listing the known ones (exit 2). Prints the new message id.
            """
    )

    @OptionGroup var options: StoreOptions
    @Option(help: "The sending team (default: the document's From line).") var from: String?
    @Option(help: "A receiving team, or all (repeat for several; default: the document's To line).") var to: [String] =
        []
    @Option(help: "The subject (default: the document's Re:/title).") var re: String?
    @Option(help: "Priority, e.g. low, medium, high, critical.") var priority: String?
    @Option(help: "Status, e.g. open, decided, done.") var status: String?
    @Option(name: .customLong("molecule"), help: "A molecule this message is about (repeat for several).")
    var molecules: [String] = []
    @Argument(help: "The Markdown document to send ('-' for standard input).") var file: String

    func run() throws { try MailFailure.reporting(json: options.json, execute) }

    func execute() throws {
        let store = try options.mailStore()
        let sent = try MailSend.send(
            try MailSend.readDocument(file), file: file == "-" ? "<stdin>" : file,
            headers: MailComposer.Options(
                from: from, to: to, re: re, priority: priority, status: status, molecules: molecules),
            store: store, teams: { () throws(StoreError) in try options.store().teamDirectory() })
        if options.json {
            Output.raw(MailJSON.render(["id": sent.id, "path": sent.path]))
        } else {
            Output.line("sent \(sent.id) (\(sent.path))")
        }
    }

    /// Composes, routes and stores a document (`file`: how it is named in errors); the new id and path.
    static func send(
        _ text: String, file: String, headers: MailComposer.Options, store: MailStore,
        teams: () throws(StoreError) -> TeamDirectory
    ) throws -> (id: String, path: String) {
        var routed: MailMessage
        switch MailComposer.compose(document: text, file: file, options: headers, now: Date()) {
        case .success(let composed): routed = composed
        case .failure(let error): throw MailFailure(message: error.description, code: 2)
        }
        do {
            try MailRouting.route(
                &routed, teams: try teams(), file: file, fromDocument: headers.from == nil,
                toDocument: headers.to.isEmpty)
            let sent = try store.send(routed)
            return (sent.id, store.layout.relative(store.path(of: sent.id)))
        } catch { throw MailFailure(error) }
    }

    /// The document to send: a regular file or standard input, at most the 4 MiB message limit (at most that
    /// plus one byte is read, so `mail send - < /dev/zero` stops at the limit).
    static func readDocument(_ file: String) throws -> String {
        let limit = MailStore.maximumMessageBytes
        let bytes: [UInt8]
        do throws(StoreError) {
            if file == "-" {
                bytes = try AtomicFile.readStream(0, describedAs: "standard input", maximumBytes: limit)
            } else {
                bytes = try AtomicFile.readRegularFile(
                    file, maximumBytes: limit, describedAs: TerminalText.sanitizeLine(file))
            }
        } catch {
            throw MailFailure(
                message: error.message + (error.kind == .invalidInput ? " for a message" : ""),
                code: error.kind == .invalidInput ? 2 : 1)
        }
        return try document(bytes, file: file)
    }

    /// A document's bytes checked as mail: at most the size cap, no NUL, valid UTF-8.
    static func document(_ bytes: [UInt8], file: String) throws -> String {
        if bytes.count > MailStore.maximumMessageBytes {
            throw MailFailure(
                message:
                    "\(TerminalText.sanitizeLine(file)): over the \(MailStore.maximumMessageBytes / (1 << 20)) MiB limit for a message",
                code: 2)
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw MailFailure(
                message:
                    "\(TerminalText.sanitizeLine(file)): binary file (NUL byte at offset \(nul)); mail must be Markdown text",
                code: 2)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw MailFailure(
                message: "\(TerminalText.sanitizeLine(file)): not valid UTF-8; mail must be UTF-8 Markdown", code: 2)
        }
        return text
    }
}

struct MailList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List messages, oldest first: unread ones marked *, broken ones !.",
        discussion:
            "Broken messages (front matter that does not parse, binary or oversized files) are listed with their problem."
    )

    @OptionGroup var options: StoreOptions
    @OptionGroup var identity: MailReaderOptions
    @Option(help: "Only messages from or to this team, any spelling (and those to all).") var team: String?
    @Flag(help: "Only messages the reader has not read.") var unread = false

    func run() throws { try MailFailure.reporting(json: options.json, execute) }

    func execute() throws {
        let store = try options.mailStore()
        var all = try MailList.messages(
            store, team: team, field: "--team", teams: { () throws(StoreError) in try options.store().teamDirectory() })
        // The reader is needed only to mark unread: without --unread/--reader, an unknown identity is fine.
        var readIDs: Set<String>?
        do {
            if unread || identity.reader != nil {
                readIDs = try store.readMarks.readIDs(reader: try identity.resolve())
            } else if let reader = try? identity.resolve() {
                // Listing still works when the reader's marks cannot be read: no unread flags, a warning.
                do { readIDs = try store.readMarks.readIDs(reader: reader) } catch {
                    Output.error("warning: unread flags not shown: \(TerminalText.sanitize(error.message))")
                }
            }
        } catch let failure as MailFailure {
            throw failure
        } catch let error as StoreError {
            throw MailFailure(error)
        }
        if unread, let readIDs { all = all.filter { !readIDs.contains($0.message.id) } }
        if options.json {
            Output.raw(
                MailJSON.render(
                    all.map { mail in
                        MailJSON(mail: mail, unread: readIDs.map { !$0.contains(mail.message.id) }, includeBody: false)
                    }))
            return
        }
        let teams = (try? options.store().teamDirectory()) ?? .empty
        Output.line(
            MailView.table(
                all.map { mail in
                    MailView.Row(
                        message: MailRouting.displayed(mail.message, teams: teams),
                        unread: readIDs.map { !$0.contains(mail.message.id) })
                }))
        let broken = all.filter(\.isBroken)
        if !broken.isEmpty {
            Output.line(
                "\n\(broken.count) broken message\(broken.count == 1 ? "" : "s") (!): `gastown mail read ID` shows the problem."
            )
        }
    }
}

extension MailList {
    /// Every message, or those from or to `team` (any spelling; `field` names it in errors) and those to all.
    static func messages(
        _ store: MailStore, team: String?, field: String, teams: () throws(StoreError) -> TeamDirectory
    ) throws -> [StoredMail] {
        let all: [StoredMail]
        do { all = try store.list() } catch { throw MailFailure(error) }
        guard let team else { return all }
        let directory: TeamDirectory
        do { directory = try teams() } catch { throw MailFailure(error) }
        switch directory.resolve(team) {
        case .team(let resolved):
            return all.filter { MailRouting.involves($0.message, team: resolved, teams: directory) }
        case .unknown where all.contains(where: { $0.message.involves(team: team) }):
            // A name only old documents use (a team no convoy lists): matched as written.
            return all.filter { $0.message.involves(team: team) }
        default:
            do { _ = try directory.require(team, as: field, of: "any convoy") } catch { throw MailFailure(error) }
            return []
        }
    }
}

struct MailRead: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Show a message and mark it read for the reader.",
        discussion:
            "A broken message is shown as far as it can be, its problems go to standard error, and the exit code is 1."
    )

    @OptionGroup var options: StoreOptions
    @OptionGroup var identity: MailReaderOptions
    @Argument(help: "The message id (see `gastown mail list`).") var id: String

    func run() throws { try MailFailure.reporting(json: options.json, execute) }

    func execute() throws {
        let store = try options.mailStore()
        let reader = try identity.resolve()
        let mail: StoredMail
        do { mail = try store.read(id: id, reader: reader) } catch { throw MailFailure(error) }
        if options.json {
            Output.raw(MailJSON.render(MailRead.json(mail)))
        } else {
            Output.line(
                MailView.full(
                    MailRouting.displayed(mail.message, teams: (try? options.store().teamDirectory()) ?? .empty)))
        }
        for problem in mail.problems {
            FileHandle.standardError.write(Data((TerminalText.sanitizeLine(problem.description) + "\n").utf8))
        }
        if mail.isBroken { throw ExitCode(1) }
    }
}

extension MailRead {
    /// `mail read --json`: the message with its body; a broken one carries `error`.
    static func json(_ mail: StoredMail) -> MailJSON {
        var json = MailJSON(mail: mail, unread: false, includeBody: true)
        if mail.isBroken {
            json.error = .init(code: 1, kind: "io", message: "message \(mail.message.id) is broken (see problems)")
        }
        return json
    }
}

/// A failure with a message for standard error and an exit code (docs/mail.md).
struct MailFailure: Error, CustomStringConvertible {
    var message: String
    var code: Int32
    /// The `--json` error kind (docs/store.md).
    var kind: String

    init(message: String, code: Int32) {
        self.message = message
        self.code = code
        kind = code == Exit.invalidInput ? "invalid-input" : code == Exit.refused ? "refused" : "io"
    }

    init(_ error: StoreError) {
        message = error.message
        code = Exit.code(for: error.kind)
        kind = Exit.kind(for: error.kind)
    }

    var description: String { TerminalText.sanitize(message) }
}

extension MailFailure {
    /// Runs a verb: a failure is printed as `gastown: ...` on standard error and becomes its exit code.
    /// Under `--json`, `{"error": {...}}` goes to standard output too.
    static func reporting(json: Bool, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as MailFailure {
            Output.error(failure.description)
            if json {
                Output.json(
                    .object([
                        ("error", Exit.errorJSON(code: failure.code, kind: failure.kind, message: failure.message))
                    ]))
            }
            throw ExitCode(failure.code)
        } catch let error as StoreError {
            try reporting(json: json) { throw MailFailure(error) }
        }
    }
}
