import Foundation
import TestSupport
import Testing

/// `gastown mail` end to end: the built binary, run in a temporary workspace.
@Suite struct MailCommandTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("gastown-mailcli-\(UUID().uuidString)")
        // Mail goes between teams of some convoy.
        let convoy = root.appendingPathComponent(".beads/convoys/c")
        try FileManager.default.createDirectory(at: convoy, withIntermediateDirectories: true)
        try Data("title = \"C\"\nteams = [\"hapi\", \"gateway\", \"x\", \"y\", \"a\", \"b\"]\n".utf8).write(
            to: convoy.appendingPathComponent("convoy.toml"))
    }

    func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = BuiltProducts.gastown
        process.arguments = arguments
        process.currentDirectoryURL = root
        var environment = ProcessInfo.processInfo.environment
        environment["GASTOWN_ROOT"] = nil
        environment["GASTOWN_REVIEWER"] = "lead"
        for (k, v) in extra { environment[k] = v }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = root.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func sendListReadAndUnreadThroughTheCLI() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let doc = try write("note.md", "# Gate report\n\n| check | result |\n|---|---|\n| tests | ✅ |\n")
        let sent = try run([
            "mail", "send", "--from", "hapi", "--to", "gateway", "--priority", "high", "--molecule", "day3", doc,
        ])
        #expect(sent.status == 0, "\(sent.stderr)")
        let id = try #require(sent.stdout.split(separator: " ").dropFirst().first.map(String.init))

        let unread = try run(["mail", "list", "--unread", "--team", "gateway"])
        #expect(unread.status == 0)
        #expect(unread.stdout.contains("*  \(id) "))
        #expect(unread.stdout.contains("Gate report"))

        let read = try run(["mail", "read", id])
        #expect(read.status == 0)
        #expect(read.stdout.contains("From:      hapi\nTo:        gateway\n"))
        #expect(read.stdout.hasSuffix("| tests | ✅ |\n\n"))

        let after = try run(["mail", "list", "--unread"])
        #expect(after.stdout.contains("(no messages)"))
        let other = try run(["mail", "list", "--unread", "--reader", "bob"])
        #expect(other.stdout.contains(id))

        let json = try run(["mail", "list", "--json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(decoded?.first?["id"] as? String == id)
        #expect(decoded?.first?["unread"] as? Bool == false)
        #expect(decoded?.first?["molecules"] as? [String] == ["day3"])
    }

    @Test func hostileMailNeverReachesTheTerminalRaw() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let doc = try write("evil.md", "# Hi \u{1B}]0;pwned\u{07}\n\u{1B}[2J\u{1B}[31mred\u{9B}\u{202E}txt\n")
        let sent = try run(["mail", "send", "--from", "x", "--to", "y", doc])
        #expect(sent.status == 0, "\(sent.stderr)")
        for arguments in [
            ["mail", "list"], ["mail", "list", "--json"],
            ["mail", "read", String(sent.stdout.split(separator: " ")[1])],
            ["mail", "read", "--json", String(sent.stdout.split(separator: " ")[1])],
        ] {
            let result = try run(arguments)
            #expect(result.status == 0)
            let raw = result.stdout.unicodeScalars.filter {
                ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E
            }
            #expect(raw.isEmpty, "\(arguments)")
            if !arguments.contains("--json") { #expect(result.stdout.contains("␛"), "\(arguments)") }
        }
    }

    @Test func errorsHaveClearMessagesAndExitCodes() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let missing = try run(["mail", "read", "nope"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no message nope in .beads/mail"))
        let invalid = try run(["mail", "read", "../x"])
        #expect(invalid.status == 2)
        let broken = try write("broken.md", "+++\nfrom = oops\n+++\n")
        let refused = try run(["mail", "send", "--from", "a", "--to", "b", broken])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("broken.md:2:8: error: front matter:"))
        let binary = try write("bin.md", "a\u{0}b")
        #expect(try run(["mail", "send", "--from", "a", "--to", "b", binary]).status == 2)
        let huge = try write("huge.md", String(repeating: "x", count: (4 << 20) + 1))
        let tooBig = try run(["mail", "send", "--from", "a", "--to", "b", huge])
        #expect(tooBig.status == 2)
        #expect(tooBig.stderr.contains("bytes, more than the 4 MiB limit for a message"))
        // A broken message already in the mailbox: listed with "!", read shows the problem and exits 1.
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent(".beads/mail"), withIntermediateDirectories: true)
        try Data("+++\nto = [\n+++\n# Kept\n".utf8).write(to: root.appendingPathComponent(".beads/mail/kept.md"))
        let list = try run(["mail", "list"])
        #expect(list.stdout.contains("!* kept "))
        #expect(list.stdout.contains("1 broken message (!)"))
        let read = try run(["mail", "read", "kept"])
        #expect(read.status == 1)
        #expect(read.stdout.contains("# Kept"))
        #expect(read.stderr.contains(".beads/mail/kept.md:2:"))
    }

    /// A second convoy whose teams are the seed handoff's, spelled as people write them.
    func addSeedConvoy(migrationTeam: Bool) throws {
        let convoy = root.appendingPathComponent(".beads/convoys/soc2")
        try FileManager.default.createDirectory(at: convoy, withIntermediateDirectories: true)
        let teams = ["holmesapi", "gateway"] + (migrationTeam ? ["integration-test-migration"] : [])
        let text = """
            title = "SOC2"
            teams = [\(teams.map { "\"\($0)\"" }.joined(separator: ", "))]

            [team_names]
            holmesapi = "HolmesAPI"
            gateway = "Gateway"

            [team_aliases]
            holmesapi = ["HolmesGPT API"]

            """
        try Data(text.utf8).write(to: convoy.appendingPathComponent("convoy.toml"))
    }

    @Test func withoutFlagsTheDocumentsOwnFromAndToRouteIt() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try addSeedConvoy(migrationTeam: true)
        let seed = try write("handoff.md", try Repository.seed("000"))
        let sent = try run(["mail", "send", seed, "--json"])
        #expect(sent.status == 0, "\(sent.stderr)")
        let id = try #require(
            (try JSONSerialization.jsonObject(with: Data(sent.stdout.utf8)) as? [String: Any])?["id"] as? String)
        let read = try run(["mail", "read", id, "--json"])
        let message = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: Any])
        // "HolmesGPT API (HAPI) Team" → holmesapi (by its alias); "Gateway (GW) Team / Integration Test Migration Team"
        // → two teams.
        #expect(message["from"] as? String == "holmesapi")
        #expect(message["to"] as? [String] == ["gateway", "integration-test-migration"])
        // Any spelling finds it: the alias, the display name, the handoff style.
        for team in ["HolmesGPT API", "holmesapi", "gateway", "Gateway (GW) Team", "integration test migration"] {
            #expect(try run(["mail", "list", "--team", team]).stdout.contains(id), "\(team)")
        }
        #expect(try !run(["mail", "list", "--team", "x"]).stdout.contains(id))
        // The flags still win over the document.
        let flagged = try run(["mail", "send", seed, "--from", "Gateway", "--to", "all", "--json"])
        #expect(flagged.status == 0, "\(flagged.stderr)")
        #expect(try run(["mail", "list", "--team", "a"]).stdout.contains("all"))
    }

    @Test func anUnknownTeamIsRefusedWithTheKnownOnes() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try addSeedConvoy(migrationTeam: false)
        let seed = try write("handoff.md", try Repository.seed("000"))
        let fromDocument = try run(["mail", "send", seed])
        #expect(fromDocument.status == 2)
        #expect(
            fromDocument.stderr.contains(
                "the document's To \"Integration Test Migration Team\" is not a team of any convoy (known teams: a, b, Gateway (gateway), hapi, HolmesAPI (holmesapi; also HolmesGPT API), x, y)"
            ))
        let fromFlag = try run(["mail", "send", seed, "--to", "Gateway", "--from", "Storage Team"])
        #expect(fromFlag.status == 2)
        #expect(fromFlag.stderr.contains("--from \"Storage Team\" is not a team of any convoy"))
        let noHeaders = try write("plain.md", "# Notes\n\nNo headers here.\n")
        let bare = try run(["mail", "send", noHeaders, "--to", "gateway"])
        #expect(bare.status == 2)
        #expect(bare.stderr.contains("no sending team: the document has no From line; give --from TEAM"))
        #expect(try run(["mail", "list"]).stdout.contains("(no messages)"))
        let unknownFilter = try run(["mail", "list", "--team", "Storage"])
        #expect(unknownFilter.status == 2)
        #expect(unknownFilter.stderr.contains("known teams:"))
    }
}
