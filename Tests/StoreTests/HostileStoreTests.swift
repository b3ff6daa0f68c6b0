import Core
import Foundation
import TestSupport
import Testing

@testable import Store

/// What an agent with write access to `.beads/` can put there (issue 11, "Hostile files"), against the store's
/// own helpers: every write goes through them, so none can forget a check.
@Suite struct HostileStoreTests {
    /// The store folders gastown writes into, each relative to the workspace.
    static let folders = [
        ".beads/convoys/c1/molecules/m1/checkpoints", ".beads/convoys/c1/molecules/m1/gates",
        ".beads/convoys/c1/molecules/m1/reports", ".beads/convoys/c1/molecules/m1/findings", ".beads/mail",
        ".beads/mail/.read", ".beads/convoys/c1/reviewers", ".beads/convoys/c1/molecules/m1",
        ".beads/convoys/c1", ".beads/convoys", ".beads/formulas",
    ]

    /// A workspace whose `folder` is a symlink to a folder outside it; returns the workspace and the outside folder.
    func symlinked(_ folder: String) throws -> (TempWorkspace, String) {
        let ws = try TempWorkspace()
        let outside = ws.path + ".outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: ws.path + "/" + (folder as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: ws.path + "/" + folder)
        try FileManager.default.createSymbolicLink(atPath: ws.path + "/" + folder, withDestinationPath: outside)
        return (ws, outside)
    }

    func expectRefused(
        _ folder: String, _ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            try body()
            Issue.record("a write through \(folder) was not refused", sourceLocation: sourceLocation)
        } catch let error as StoreError {
            #expect(error.kind == .refused, sourceLocation: sourceLocation)
            #expect(error.message.contains("refusing to write through"), "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains("outside the workspace"), "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: folders) func noWriteLeavesTheWorkspaceThroughASymlinkedFolder(_ folder: String) throws {
        let (ws, outside) = try symlinked(folder)
        defer {
            ws.cleanup()
            try? FileManager.default.removeItem(atPath: outside)
        }
        let target = ws.path + "/" + folder + "/x.toml"
        expectRefused(folder) { try AtomicFile.write("x", to: target) }
        expectRefused(folder) { _ = try AtomicFile.create(Array("x".utf8), at: target) }
        expectRefused(folder) { try StoreInitializer.makeDirectories(ws.path + "/" + folder + "/deeper/still") }
        expectRefused(folder) { try FileLock.withLock(ws.path + "/" + folder + "/.lock") { () throws(StoreError) in } }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside) == [])
    }

    @Test func aSymlinkThatStaysInsideTheWorkspaceIsFollowed() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        try FileManager.default.createDirectory(atPath: ws.path + "/elsewhere", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: ws.path + "/.beads/mail/inside", withDestinationPath: ws.path + "/elsewhere")
        try AtomicFile.write("x", to: ws.path + "/.beads/mail/inside/a.md")
        #expect(ws.read("elsewhere/a.md") == "x")
        #expect(try AtomicFile.read(ws.path + "/.beads/mail/inside/a.md") == Array("x".utf8))
    }

    @Test func aLockFileSymlinkedOutIsRefused() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let outside = ws.path + ".victim"
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createSymbolicLink(atPath: ws.path + "/.beads/.lock", withDestinationPath: outside)
        expectRefused(".beads/.lock") {
            try FileLock.withLock(ws.layout.storeLock) { () throws(StoreError) in }
        }
        #expect(!FileManager.default.fileExists(atPath: outside))
    }

    @Test func aStoreFileSymlinkedOutIsNeverRead() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let record = ws.path + "/.beads/convoys/c1/molecules/m1/checkpoints/20270101T000000000Z-eve-00000000.toml"
        try FileManager.default.createDirectory(
            atPath: (record as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: record, withDestinationPath: "/etc/passwd")
        #expect {
            try AtomicFile.read(record)
        } throws: {
            ($0 as? StoreError)?.message.contains("is a symbolic link to /etc/passwd, outside the workspace") == true
        }
        let report = store.verifyAudit()
        #expect(
            report.problems.contains {
                $0.file.hasSuffix("eve-00000000.toml") && $0.message.contains("symbolic link to /etc/passwd")
            }, "\(report.problems)")
    }

    /// Records are opened relative to the checkpoints folder that was listed: a record that is a symlink to a
    /// file inside the workspace is still followed (and counts as its text says), one that is not a regular file
    /// is a problem naming its path from the workspace.
    @Test func aRecordSymlinkedInsideIsReadAndAFolderInItsPlaceIsNamed() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        try store.finish("m1", "work", at: t0)
        try store.approveWork("m1", by: "alice")
        let checkpoints = ws.layout.checkpointsDirectory("c1", "m1")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: checkpoints).first)
        try FileManager.default.moveItem(atPath: checkpoints + "/" + name, toPath: ws.path + "/kept.toml")
        try FileManager.default.createSymbolicLink(
            atPath: checkpoints + "/" + name, withDestinationPath: ws.path + "/kept.toml")
        #expect(try store.loadMolecule("m1").progress?.steps["work"]?.status == .done)
        #expect(store.verifyAudit().problems.isEmpty)

        try FileManager.default.createDirectory(
            atPath: checkpoints + "/20270101T000000000Z-eve-00000000.toml", withIntermediateDirectories: true)
        let problems = store.verifyAudit().problems
        #expect(
            problems.contains {
                $0.file == ".beads/convoys/c1/molecules/m1/checkpoints/20270101T000000000Z-eve-00000000.toml"
                    && $0.message.contains("not a regular file")
            }, "\(problems)")
    }

    @Test func aMoleculeFolderSymlinkedOutIsInvalidNotFollowed() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let outside = ws.path + ".copy"
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.copyItem(atPath: ws.path + "/.beads/convoys/c1/molecules/m1", toPath: outside)
        try FileManager.default.createSymbolicLink(
            atPath: ws.path + "/.beads/convoys/c1/molecules/m2", withDestinationPath: outside)
        let loaded = store.loadAll().molecules.first { $0.name == "m2" }
        #expect(loaded?.summary == .invalid)
        #expect(loaded?.allProblems.contains { $0.message.contains("refusing to read through") } == true)
        #expect {
            try store.apply(.start(step: "work"), molecule: "m2", now: t0)
        } throws: { ($0 as? StoreError)?.message.contains("refusing to read through") == true }
    }

    // MARK: - Size caps

    @Test func aStoreFileOverItsCapIsAnErrorNamingFileSizeAndCap() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        try store.createMolecule(
            name: "m2", convoy: "c1", formula: "sample", variables: [("service", "api")], inputs: [], now: t0)
        let path = ws.path + "/.beads/convoys/c1/molecules/m2/molecule.toml"
        let huge = "formula = \"sample\"\n# " + String(repeating: "x", count: AtomicFile.storeFileLimit) + "\n"
        try huge.write(toFile: path, atomically: false, encoding: .utf8)
        #expect {
            try AtomicFile.read(path)
        } throws: {
            ($0 as? StoreError)?.message == "\(path) is \(huge.utf8.count) bytes, more than the 4 MiB limit"
        }
        // The load (the dashboard's and every command's): that molecule is an error row, the rest loads.
        let snapshot = store.loadAll()
        let big = try #require(snapshot.molecules.first { $0.name == "m2" })
        #expect(big.summary == .invalid)
        #expect(big.problems.contains { $0.message.contains("more than the 4 MiB limit") })
        #expect(snapshot.molecules.first { $0.name == "m1" }?.summary == .pending)
    }

    @Test func aFIFOOrADeviceIsNeverReadAsAStoreFile() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let fifo = ws.path + "/.beads/mail/pipe.md"
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect {
            try AtomicFile.read(fifo)
        } throws: { ($0 as? StoreError)?.message.contains("not a regular file") == true }
        #expect {
            try AtomicFile.readRegularFile("/dev/zero", maximumBytes: 1 << 20, describedAs: "--detail-file /dev/zero")
        } throws: { ($0 as? StoreError)?.message == "--detail-file /dev/zero is not a regular file" }
    }

    @Test func anEndlessStreamStopsAtTheCap() throws {
        let fd = open("/dev/zero", O_RDONLY)
        defer { close(fd) }
        #expect {
            try AtomicFile.readStream(fd, describedAs: "standard input", maximumBytes: 4 << 20)
        } throws: { ($0 as? StoreError)?.message == "standard input is more than the 4 MiB limit" }
    }

    // MARK: - Unreadable folders

    /// Tests run as root, which reads any folder whatever its permissions: a file where a folder is expected is
    /// what root cannot read through either (opendir fails with ENOTDIR), so it stands for an unreadable folder.
    @Test func anUnreadableCheckpointsFolderFailsVerificationNamingIt() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        try? FileManager.default.removeItem(atPath: ws.path + "/.beads/convoys/c1/molecules/m1/checkpoints")
        try ws.write(".beads/convoys/c1/molecules/m1/checkpoints", "not a folder")
        let report = store.verifyAudit()
        #expect(
            report.problems.contains {
                $0.file == ".beads/convoys/c1/molecules/m1/checkpoints" && $0.message.contains("cannot read folder")
            }, "\(report.problems)")
    }

    @Test func unreadableStoreFoldersAreErrorsNeverEmptyListings() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        for folder in ["findings", "gates", "reports"] {
            try? FileManager.default.removeItem(atPath: ws.path + "/.beads/convoys/c1/molecules/m1/\(folder)")
            try ws.write(".beads/convoys/c1/molecules/m1/\(folder)", "not a folder")
        }
        let m1 = try store.loadMolecule("m1")
        for folder in ["findings", "gates", "reports"] {
            #expect(
                m1.problems.contains {
                    $0.file == ".beads/convoys/c1/molecules/m1/\(folder)" && $0.message.contains("Not a directory")
                }, "\(folder): \(m1.problems)")
        }
        // An unreadable finding folder might hide a blocking finding.
        #expect(m1.unreadableFindings == [".beads/convoys/c1/molecules/m1/findings"])

        try FileManager.default.removeItem(atPath: ws.path + "/.beads/mail")
        try ws.write(".beads/mail", "not a folder")
        #expect {
            try MailStore(layout: ws.layout).list()
        } throws: { ($0 as? StoreError)?.message.contains("cannot read folder \(ws.path)/.beads/mail") == true }

        try FileManager.default.removeItem(atPath: ws.path + "/.beads/convoys/c1/molecules")
        try ws.write(".beads/convoys/c1/molecules", "not a folder")
        #expect(store.loadConvoy("c1").problems.contains { $0.message.contains("cannot read folder") })
        #expect(throws: StoreError.self) { try store.moleculeNames(in: "c1") }

        try FileManager.default.removeItem(atPath: ws.path + "/.beads/convoys")
        try ws.write(".beads/convoys", "not a folder")
        #expect(throws: StoreError.self) { try store.convoyNames() }
        #expect(store.loadAll().problems.contains { $0.file == ".beads/convoys" })
        #expect(store.verifyAudit().problems.contains { $0.file == ".beads/convoys" })
    }

    // MARK: - Creation is all or nothing

    @Test(arguments: [0, 40, 200, 400]) func aDiskThatFillsUpLeavesNoHalfMadeConvoy(_ bytes: Int) throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = BeadsStore(layout: ws.layout, formulas: FixedFormulas([sampleFormula]))
        let convoy = ConvoyFile(name: "c2", title: "Two", reviewers: ["alice"], created: t0)
        #expect(throws: StoreError.self) {
            try AtomicFile.$diskSpace.withValue(DiskSpace(bytes: bytes)) {
                try store.createConvoy(convoy, reviewerKeys: TestKeys.keys(["alice"]))
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.path + "/.beads/convoys") == [])
        try store.createConvoy(convoy, reviewerKeys: TestKeys.keys(["alice"]))
        #expect(try store.convoyNames() == ["c2"])
    }

    @Test(arguments: [0, 100, 300]) func aDiskThatFillsUpLeavesNoHalfMadeMolecule(_ bytes: Int) throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let create = {
            try store.createMolecule(
                name: "m2", convoy: "c1", formula: "sample", variables: [("service", "api")], inputs: [], now: t0)
        }
        #expect(throws: StoreError.self) {
            try AtomicFile.$diskSpace.withValue(DiskSpace(bytes: bytes)) { try create() }
        }
        #expect(try store.moleculeNames(in: "c1") == ["m1"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.path + "/.beads/convoys/c1/molecules") == ["m1"])
        try create()
        #expect(try store.moleculeNames(in: "c1") == ["m1", "m2"])
    }

    @Test func aTemporaryFolderLeftByAKilledCreationIsIgnoredThenRemoved() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let leftover = ws.path + "/.beads/convoys/c1/molecules/.m2.tmp-99999-1234"
        try ws.write(".beads/convoys/c1/molecules/.m2.tmp-99999-1234/molecule.toml", "formula = \"sample\"\n")
        #expect(try store.moleculeNames(in: "c1") == ["m1"])
        #expect(store.loadAll().molecules.map(\.name) == ["m1"])
        #expect(ws.layout.classify(leftover + "/molecule.toml") == .convoy("c1", .other))
        try store.createMolecule(
            name: "m2", convoy: "c1", formula: "sample", variables: [("service", "api")], inputs: [], now: t0)
        #expect(!FileManager.default.fileExists(atPath: leftover))
    }

    // MARK: - Wrong-typed fields

    @Test func aWrongTypedFieldMakesTheMoleculeInvalidAndWritesAreRefused() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let path = ".beads/convoys/c1/molecules/m1/molecule.toml"
        for (bad, message) in [
            ("revision = \"lots\"", "revision: expected an integer, found string"),
            (
                "[steps.work]\nstatus = \"active\"\nattempt = \"x\"",
                "steps.work.attempt: expected an integer, found string"
            ),
            ("[steps.work]\nstatus = 3", "steps.work.status: expected a string, found integer"),
            ("day = 1.5", "day: expected an integer, found float"),
            ("assignee = [\"a\"]", "assignee: expected a string, found array"),
        ] {
            let text = "formula = \"sample\"\n" + bad + "\n"
            try ws.write(path, text)
            let state = try store.loadMolecule("m1")
            #expect(state.summary == .invalid, "\(bad)")
            #expect(
                state.problems.contains {
                    $0.description.hasPrefix(path + ":") && $0.description.contains(message)
                }, "\(bad): \(state.problems)")
            #expect {
                try store.apply(.start(step: "work"), molecule: "m1", now: t0)
            } throws: {
                ($0 as? StoreError)?.message.contains("cannot be updated until its file is fixed") == true
            }
            #expect(ws.read(path) == text, "a refused write leaves the file as it was")
        }
    }

    @Test func aWrongTypedConvoyFieldMakesTheConvoyInvalid() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let path = ".beads/convoys/c1/convoy.toml"
        let text = "title = \"One\"\nday = \"three\"\nstatus = 3\n"
        try ws.write(path, text)
        let state = store.loadConvoy("c1")
        #expect(state.file == nil)
        #expect(state.problems.map(\.description).contains { $0.hasPrefix(path + ":2:7: error: day") })
        #expect(state.problems.map(\.description).contains { $0.hasPrefix(path + ":3:10: error: status") })
        #expect(throws: StoreError.self) { try store.requireConvoy("c1") }
    }

    @Test func aReadMarksFileWithAWrongTypedIdIsNeverRewritten() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let marks = MailReadMarks(layout: ws.layout)
        try ws.write(".beads/mail/.read/alice.toml", "reader = \"alice\"\nread = [\"a\", 3]\n")
        #expect {
            try marks.markRead(["b"], reader: "alice")
        } throws: { ($0 as? StoreError)?.message.contains("must be an array of message ids") == true }
        #expect(ws.read(".beads/mail/.read/alice.toml") == "reader = \"alice\"\nread = [\"a\", 3]\n")
    }

    // MARK: - Overflow

    @Test func countsThatWouldOverflowAreRefusedOrSaturated() throws {
        #expect(PassRate.text(passed: .max, executed: .max) == "100%")
        #expect(PassRate.text(passed: .max - 1, executed: .max) == "99.9%")
        let huge = TestCounts(passed: .max, failed: 1, skipped: .max)
        #expect(huge.total == .max)
        #expect(huge.passRateText == "99.9%")
        #expect {
            try GateTestInput.counts(passed: .max, failed: 1, skipped: nil)
        } throws: { ($0 as? StoreError)?.message == "--passed must be from 0 to 2147483647, found \(Int.max)" }
        #expect(throws: StoreError.self) { try GateTestInput.counts(passed: 1, failed: -1, skipped: nil) }
        #expect(StoreCounter.dayProblem(.max) == "days go up to 2147483647")
        #expect(StoreCounter.dayProblem(0) == "days start at 1")
    }

    @Test func aRevisionOrAttemptAtTheLimitRefusesTheIncrement() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let path = ".beads/convoys/c1/molecules/m1/molecule.toml"
        try ws.write(path, "formula = \"sample\"\nrevision = 2147483647\n")
        #expect {
            try store.apply(.start(step: "work"), molecule: "m1", now: t0)
        } throws: { ($0 as? StoreError)?.message.contains("revision 2147483647, the most there can be") == true }

        var progress = StateMachine.initialProgress(for: sampleFormula)
        progress.steps["work"]?.status = .awaitingApproval
        progress.steps["work"]?.attempt = StoreCounter.maximum
        #expect {
            try StateMachine.applying(
                .reject(checkpoint: "work-review", reviewer: "alice", reason: "no", to: nil, at: t0),
                to: progress, formula: sampleFormula, now: t0)
        } throws: { "\($0)".contains("step work is at attempt 2147483647, the most there can be") }
    }

    // MARK: - Names

    @Test func aNameIsAtMost200BytesSoEveryFileNameMadeFromItFits() throws {
        let wide = String(repeating: "\u{1D400}", count: 64)  // 64 characters, 256 bytes
        #expect(
            NameValidation.problem(with: wide)
                == "it is 256 bytes of UTF-8, more than 200 (file names are limited to 255 bytes)")
        let longest = String(repeating: "\u{1D400}", count: 50)  // 200 bytes: allowed
        #expect(NameValidation.problem(with: longest) == nil)
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        var store = try makeStore(ws)
        store.trust = nil
        // A decision record's file name is the reviewer plus 34 bytes: it, and its temporary, fit.
        try FileManager.default.createDirectory(atPath: ws.path + "/x", withIntermediateDirectories: true)
        let name = "20270101T000000000Z-" + longest + "-0a1b2c3d.toml"
        #expect(name.utf8.count == 234)
        #expect(try AtomicFile.create(Array("x".utf8), at: ws.path + "/x/" + name))
        try AtomicFile.write("y", to: ws.path + "/x/" + name)
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.path + "/x") == [name])
    }
}
