import Testing

@testable import TOML

@Suite struct ValueModelTests {
    @Test func tableKeepsInsertionOrderAndComparesAsSet() {
        var a = TOMLTable()
        a["b"] = 1
        a["a"] = "x"
        #expect(a.keys == ["b", "a"])
        let b: TOMLTable = ["a": "x", "b": 1]
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
    }

    @Test func copiesDoNotShareMutations() {
        var a: TOMLTable = ["k": 1]
        let b = a
        a["k"] = 2
        #expect(b["k"] == 1)
        #expect(a["k"] == 2)
    }

    @Test func largeTablesStillFindEveryKey() {
        var t = TOMLTable()
        for i in 0..<100 { t["k\(i)"] = .integer(Int64(i)) }
        t["k50"] = nil
        #expect(t.count == 99)
        #expect(t["k51"] == 51)
        #expect(t["k50"] == nil)
    }

    @Test func nanEqualsNanForRoundTrips() {
        #expect(TOMLValue.float(.nan) == .float(-.nan))
        #expect(TOMLValue.float(1) != .integer(1))
    }

    @Test func dateTimeDescriptionsAreRFC3339() {
        let t = OffsetDateTime(
            date: LocalDate(year: 1979, month: 5, day: 27),
            time: LocalTime(hour: 7, minute: 32, nanosecond: 500_000_000),
            offsetMinutes: -420)
        #expect(t.description == "1979-05-27T07:32:00.5-07:00")
    }
}
