import Core
import Foundation
import Store
import TestSupport
import Testing

/// A fresh workspace with an empty `.beads/` in a temporary directory.
struct MailWorkspace {
    let root: URL
    let layout: StoreLayout
    var store: MailStore { MailStore(layout: layout) }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("gastown-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent(".beads/mail"), withIntermediateDirectories: true)
        layout = StoreLayout(workspace: root.path)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: root.appendingPathComponent(".beads/mail/\(name)"))
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

@Suite struct MailStoreTests {
    let now = Date(timeIntervalSince1970: 1_769_076_900)  // 2026-01-22T10:15:00Z

    func compose(_ text: String, from: String = "hapi", to: [String] = ["gateway"], re: String? = nil) throws
        -> MailMessage
    {
        try MailComposer.compose(
            document: text, file: "doc.md",
            options: .init(from: from, to: to, re: re, priority: "high", molecules: ["day3-soc2"]),
            now: now
        ).get()
    }

    @Test func sendListReadMarksRead() throws {
        let ws = try MailWorkspace()
        defer { ws.remove() }
        let sent = try ws.store.send(try compose("# Triage done\n\nAll green ✅\n"))
        #expect(sent.id == "20260122-101500-triage-done")
        #expect(FileManager.default.fileExists(atPath: ws.root.path + "/.beads/mail/20260122-101500-triage-done.md"))

        let listed = try ws.store.list()
        #expect(listed.map(\.message.id) == [sent.id])
        #expect(listed[0].problems.isEmpty)
        #expect(listed[0].message.from == "hapi")
        #expect(listed[0].message.to == ["gateway"])
        #expect(listed[0].message.re == "Triage done")
        #expect(listed[0].message.molecules == ["day3-soc2"])
        #expect(listed[0].message.body == "# Triage done\n\nAll green ✅\n")
        #expect(try ws.store.readMarks.readIDs(reader: "alice").isEmpty)

        let read = try ws.store.read(id: sent.id, reader: "alice")
        #expect(read.message == listed[0].message)
        #expect(try ws.store.readMarks.readIDs(reader: "alice") == [sent.id])
        #expect(try ws.store.readMarks.readIDs(reader: "bob").isEmpty)
        let marks = try String(contentsOfFile: ws.store.readMarks.path(for: "alice"), encoding: .utf8)
        #expect(marks.contains("reader = \"alice\"\nread = [\"20260122-101500-triage-done\"]\n"))
    }

    @Test func sameSubjectSameSecondGetsANewId() throws {
        let ws = try MailWorkspace()
        defer { ws.remove() }
        let first = try ws.store.send(try compose("# Same\n"))
        let second = try ws.store.send(try compose("# Same\n"))
        #expect(first.id == "20260122-101500-same")
        #expect(second.id == "20260122-101500-same-2")
        #expect(try ws.store.list().count == 2)
    }

    @Test func teamsAndOptionsAreValidatedBeforeAnythingIsWritten() throws {
        let bad = MailComposer.compose(
            document: "# x\n", file: "doc.md",
            options: .init(from: "ha\u{1B}[31mpi", to: [], molecules: ["../etc"]), now: now)
        guard case .failure(let error) = bad else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.problems.count == 3)
        #expect(!error.description.contains("\u{1B}"))
        #expect(error.description.contains("ha␛[31mpi"))
        let broken = MailComposer.compose(
            document: "+++\nfrom = \n+++\n", file: "doc.md", options: .init(from: "a", to: ["b"]), now: now)
        guard case .failure(let parseError) = broken else {
            Issue.record("expected a failure")
            return
        }
        #expect(parseError.problems.map(\.position.line) == [2])
    }

    @Test func aDocumentWithItsOwnFrontMatterKeepsItsFieldsUnlessOverridden() throws {
        let doc =
            "+++\nfrom = \"x\"\nto = \"y\"\nre = \"Own subject\"\nstatus = \"decided\"\nmolecules = [\"m1\"]\n+++\nBody\n"
        let message = try compose(doc)
        #expect(message.re == "Own subject")
        #expect(message.status == "decided")
        #expect(message.from == "hapi")
        #expect(message.molecules == ["m1", "day3-soc2"])
        #expect(message.body == "Body\n")
    }

    @Test func theRealSeedsListAndReadAsLegacyMail() throws {
        let ws = try MailWorkspace()
        defer { ws.remove() }
        let seeds = Repository.seeds
        var originals: [String: String] = [:]
        for prefix in ["000", "001", "003", "004"] {
            let name = try #require(
                try FileManager.default.contentsOfDirectory(atPath: seeds.path).first { $0.hasPrefix(prefix + "_") })
            let text = try String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8)
            let id = String(name.dropLast(4))
            originals[id] = text
            try ws.write(id + ".md", Array(text.utf8))
        }
        let listed = try ws.store.list()
        #expect(listed.count == 4)
        #expect(listed.allSatisfy { $0.message.format == .legacy && $0.problems.isEmpty })
        // Oldest first, by the dates in their headers: 001 (Dec 1), 000 (Dec 23), 004 (Jan 11), 003 (Jan 22).
        #expect(listed.map { String($0.message.id.prefix(3)) } == ["001", "000", "004", "003"])
        #expect(
            listed.first { $0.message.id.hasPrefix("001") }?.message.involves(team: "workflowexecution team") == true)
        for mail in listed {
            let read = try ws.store.read(id: mail.message.id, reader: "lead")
            #expect(read.message.body == originals[mail.message.id])
            #expect(MailView.full(read.message).hasSuffix(originals[mail.message.id]!))
        }
        #expect(try ws.store.readMarks.readIDs(reader: "lead") == Set(originals.keys))
        // Sending a seed wraps it in front matter and keeps every byte of it.
        let sent = try ws.store.send(try compose(originals.values.first!))
        #expect(try ws.store.load(id: sent.id).message.body == originals.values.first!)
    }

    @Test func hostileFilesAreListedAsBrokenWithTheirProblem() throws {
        let ws = try MailWorkspace()
        defer { ws.remove() }
        try ws.write("bad-front.md", Array("+++\nfrom = \"a\"\nto = [\"b\",\n+++\n# Broken one\n".utf8))
        try ws.write("binary.md", [0x23, 0x20, 0x00, 0xFF])
        try ws.write("huge.md", [UInt8](repeating: UInt8(ascii: "x"), count: MailStore.maximumMessageBytes + 1))
        try ws.write("latin1.md", [0x23, 0x20, 0xE9, 0x74, 0xE9, 0x0A])
        try ws.write("bad name.md", Array("# x\n".utf8))
        try FileManager.default.createSymbolicLink(
            atPath: ws.root.path + "/.beads/mail/link.md", withDestinationPath: "/etc/passwd")

        let byID = Dictionary(uniqueKeysWithValues: try ws.store.list().map { ($0.message.id, $0) })
        #expect(byID.count == 6)
        let front = try #require(byID["bad-front"])
        #expect(front.isBroken)
        #expect(front.message.re == "Broken one")
        #expect(
            front.problems.map(\.description) == [
                ".beads/mail/bad-front.md:3:11: error: front matter: expected a value, found the closing +++ on line 4"
            ])
        #expect(byID["binary"]?.problems.first?.message == "binary file (NUL byte at offset 2); not shown")
        #expect(byID["huge"]?.problems.first?.message.contains("over the 4 MiB limit") == true)
        #expect(byID["link"]?.problems.first?.message.hasPrefix("not a regular file") == true)
        #expect(byID["bad name"]?.isBroken == true)
        let latin1 = try #require(byID["latin1"])
        #expect(!latin1.isBroken)
        #expect(latin1.message.re == "\u{FFFD}t\u{FFFD}")
        #expect(latin1.problems.map(\.severity) == [.warning])

        #expect(throws: StoreError.self) { try ws.store.read(id: "../../etc/passwd", reader: "alice") }
        do {
            _ = try ws.store.read(id: "missing", reader: "alice")
            Issue.record("expected notFound")
        } catch {
            #expect(error.kind == .notFound)
        }
    }

    @Test func aCorruptReadMarksFileIsReportedAndNeverOverwritten() throws {
        let ws = try MailWorkspace()
        defer { ws.remove() }
        let sent = try ws.store.send(try compose("# x\n"))
        let marks = ws.store.readMarks.path(for: "alice")
        try FileManager.default.createDirectory(atPath: ws.store.readMarks.directory, withIntermediateDirectories: true)
        try "read = [\"a\"".write(toFile: marks, atomically: false, encoding: .utf8)
        #expect(throws: StoreError.self) { try ws.store.read(id: sent.id, reader: "alice") }
        #expect(try String(contentsOfFile: marks, encoding: .utf8) == "read = [\"a\"")
    }

    @Test func readerNamesBecomeDistinctSafeFileNames() {
        #expect(MailReadMarks.fileName(for: "alice") == "alice")
        let spaced = MailReadMarks.fileName(for: "Alice Smith")
        #expect(spaced.hasPrefix("alice-smith-") && spaced.count == "alice-smith-".count + 8)
        #expect(MailReadMarks.fileName(for: "Alice") != MailReadMarks.fileName(for: "alice"))
        #expect(MailReadMarks.fileName(for: "../../x").hasPrefix("x-"))
        #expect(MailReadMarks.fileName(for: "日本").hasPrefix("reader-"))
    }

    @Test func concurrentReadersNeverLoseMarks() throws {
        let ws = try MailWorkspace()
        defer { ws.remove() }
        let store = ws.store
        let ids = (0..<16).map { "m\($0)" }
        DispatchQueue.concurrentPerform(iterations: ids.count) { i in
            try? store.readMarks.markRead([ids[i]], reader: "alice")
        }
        #expect(try store.readMarks.readIDs(reader: "alice") == Set(ids))
    }
}
