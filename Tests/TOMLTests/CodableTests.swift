import Foundation
import Testing

@testable import TOML

/// A shape like gastown's molecule files.
private struct Molecule: Codable, Equatable {
    struct Step: Codable, Equatable {
        var name: String
        var done: Bool
        var attempts: UInt8
    }

    enum Phase: String, Codable { case queued, running, done }

    var id: String
    var phase: Phase
    var priority: Int
    var weight: Double
    var ratio: Float
    var labels: [String]
    var due: LocalDate
    var window: LocalTime?
    var started: OffsetDateTime
    var local: LocalDateTime
    var note: String?
    var meta: [String: Int]
    var steps: [Step]
}

@Suite struct CodableTests {
    private let sample = Molecule(
        id: "mol-1", phase: .running, priority: -3, weight: 0.1, ratio: 0.1, labels: ["a", "b c"],
        due: LocalDate(year: 2026, month: 12, day: 1), window: nil,
        started: OffsetDateTime(
            date: LocalDate(year: 2026, month: 11, day: 21),
            time: LocalTime(hour: 15, minute: 38, second: 36, nanosecond: 250_000_000), offsetMinutes: 60),
        local: LocalDateTime(date: LocalDate(year: 2026, month: 1, day: 2), time: LocalTime(hour: 3, minute: 4)),
        note: "multi\nline", meta: ["zeta": 1, "alpha": 2],
        steps: [
            Molecule.Step(name: "plan", done: true, attempts: 1),
            Molecule.Step(name: "build", done: false, attempts: 0),
        ])

    @Test func encodesReadableDeterministicTOML() throws {
        let text = try TOMLEncoder().encodeToString(sample)
        #expect(
            text == """
                id = "mol-1"
                phase = "running"
                priority = -3
                weight = 0.1
                ratio = 0.1
                labels = ["a", "b c"]
                due = 2026-12-01
                started = 2026-11-21T15:38:36.25+01:00
                local = 2026-01-02T03:04:00
                note = \"\"\"
                multi
                line\"\"\"

                [meta]
                alpha = 2
                zeta = 1

                [[steps]]
                name = "plan"
                done = true
                attempts = 1

                [[steps]]
                name = "build"
                done = false
                attempts = 0

                """)
    }

    @Test func roundTripsThroughText() throws {
        let text = try TOMLEncoder().encodeToString(sample)
        let decoded = try TOMLDecoder().decode(Molecule.self, from: text)
        #expect(decoded == sample)
    }

    @Test func typeMismatchNamesKeyPathPositionAndTypes() throws {
        let text = """
            id = "mol-1"
            phase = "running"
            priority = 1
            weight = 1
            ratio = 2.5
            labels = []
            due = 2026-12-01
            started = 2026-11-21T15:38:36Z
            local = 2026-01-02T03:04:00
            meta = {}

            [[steps]]
            name = "plan"
            done = true
            attempts = 1

            [[steps]]
            name = "build"
            done = "no"
            attempts = 0
            """
        do {
            _ = try TOMLDecoder().decode(Molecule.self, from: text, file: "mol.toml")
            Issue.record("expected a decoding error")
        } catch {
            #expect(error.position == SourcePosition(line: 19, column: 8))
            #expect(error.keyPath == "steps[1].done")
            #expect(
                error.description.hasPrefix(#"mol.toml:19:8: steps[1].done: expected a boolean, found string "no""#))
            #expect(error.description.contains("\n  done = \"no\"\n         ^"))
        }
    }

    @Test func missingKeyNamesTheTableItIsMissingFrom() throws {
        let text = """
            [[steps]]
            name = "plan"
            done = true
            """
        do {
            _ = try TOMLDecoder().decode([String: [Molecule.Step]].self, from: text, file: "m.toml")
            Issue.record("expected a decoding error")
        } catch {
            #expect(error.keyPath == "steps[0].attempts")
            #expect(error.position.line == 1)
            #expect(error.message == "missing key attempts, expected an integer")
        }
    }

    @Test func integerOutOfRangeAndWrongDateKind() throws {
        #expect {
            try TOMLDecoder().decode([String: UInt8].self, from: "n = 300")
        } throws: { error in
            (error as? TOMLDecodingError)?.description
                == "1:5: n: expected an integer from 0 to 255 for UInt8, found 300"
                + "\n  n = 300\n      ^"
        }
        #expect {
            try TOMLDecoder().decode([String: OffsetDateTime].self, from: "d = 2026-01-01")
        } throws: { error in
            (error as? TOMLDecodingError)?.message == "expected an offset date-time, found date-local 2026-01-01"
        }
    }

    @Test func syntaxErrorsComeThroughWithPosition() {
        #expect {
            try TOMLDecoder().decode([String: Int].self, from: "a = 1\nb = = 2", file: "x.toml")
        } throws: { error in
            guard let error = error as? TOMLDecodingError else { return false }
            return error.file == "x.toml" && error.position.line == 2 && error.keyPath.isEmpty
        }
    }

    @Test func decodesFromAParsedTableAndKeepsPositions() throws {
        let table = try TOMLParser.parse("[server]\nport = \"eighty\"\n")
        struct Config: Decodable {
            struct Server: Decodable { var port: Int }
            var server: Server
        }
        #expect {
            try TOMLDecoder().decode(Config.self, from: table, file: "c.toml")
        } throws: { error in
            (error as? TOMLDecodingError)?.description.hasPrefix(
                #"c.toml:2:8: server.port: expected an integer, found string "eighty""#) == true
        }
    }

    @Test func foundationDatesAreOffsetDateTimes() throws {
        struct Event: Codable, Equatable {
            var at: Date
            var maybe: Date?
        }
        let event = Event(at: Date(timeIntervalSince1970: 1_763_739_516.125), maybe: nil)
        let table = try TOMLEncoder().encode(event)
        #expect(
            table["at"]
                == .offsetDateTime(
                    OffsetDateTime(
                        date: LocalDate(year: 2025, month: 11, day: 21),
                        time: LocalTime(hour: 15, minute: 38, second: 36, nanosecond: 125_000_000), offsetMinutes: 0)))
        #expect(table["maybe"] == nil)
        #expect(try TOMLDecoder().decode(Event.self, from: table) == event)

        let shifted = try TOMLDecoder().decode(Event.self, from: "at = 2025-11-21T16:38:36.125+01:00")
        #expect(shifted.at == event.at)
    }

    @Test func nilInsideAnArrayIsAnEncodingError() {
        struct Holder: Encodable { var values: [Int?] }
        #expect(throws: EncodingError.self) { try TOMLEncoder().encode(Holder(values: [1, nil])) }
    }

    @Test func topLevelMustBeATable() {
        #expect(throws: EncodingError.self) { try TOMLEncoder().encode([1, 2]) }
        #expect(throws: EncodingError.self) { try TOMLEncoder().encode(UInt64.max) }
    }

    @Test func dateTypesUseRFC3339TextWithOtherCoders() throws {
        let date = LocalDate(year: 2026, month: 2, day: 28)
        let json = try JSONEncoder().encode([date])
        #expect(String(decoding: json, as: UTF8.self) == #"["2026-02-28"]"#)
        #expect(try JSONDecoder().decode([LocalDate].self, from: json) == [date])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-02-30"]"#.utf8))
        }
    }
}
