import Foundation

/// Compares tagged JSON the way toml-test does: same structure and type tags, integers as
/// integers, floats numerically (nan equals nan), date-times as values (`.6` equals `.600`).
/// Returns nil when equal, else a description of the first difference with its path.
enum TaggedJSONComparison {
    static func difference(expected: Any, actual: Any, path: String = "") -> String? {
        let here = path.isEmpty ? "(root)" : path
        if let expectedTable = expected as? [String: Any], !isScalar(expectedTable) {
            guard let actualTable = actual as? [String: Any], !isScalar(actualTable) else {
                return "\(here): expected a table, got \(short(actual))"
            }
            let missing = Set(expectedTable.keys).subtracting(actualTable.keys).sorted()
            let extra = Set(actualTable.keys).subtracting(expectedTable.keys).sorted()
            if !missing.isEmpty || !extra.isEmpty {
                return "\(here): keys differ; missing \(missing), unexpected \(extra)"
            }
            for key in expectedTable.keys.sorted() {
                if let d = difference(expected: expectedTable[key]!, actual: actualTable[key]!, path: path + "." + key)
                {
                    return d
                }
            }
            return nil
        }
        if let expectedArray = expected as? [Any] {
            guard let actualArray = actual as? [Any] else { return "\(here): expected an array, got \(short(actual))" }
            guard expectedArray.count == actualArray.count else {
                return "\(here): expected \(expectedArray.count) elements, got \(actualArray.count)"
            }
            for (i, (e, a)) in zip(expectedArray, actualArray).enumerated() {
                if let d = difference(expected: e, actual: a, path: "\(path)[\(i)]") { return d }
            }
            return nil
        }
        guard let e = expected as? [String: Any], let type = e["type"] as? String, let ev = e["value"] as? String else {
            return "\(here): unreadable expected value \(short(expected))"
        }
        guard let a = actual as? [String: Any], isScalar(a), let at = a["type"] as? String,
            let av = a["value"] as? String
        else {
            return "\(here): expected \(type) \(ev), got \(short(actual))"
        }
        guard type == at else { return "\(here): expected type \(type) (\(ev)), got \(at) (\(av))" }
        let equal: Bool
        switch type {
        case "integer": equal = Int64(ev) != nil && Int64(ev) == Int64(av)
        case "float": equal = floatsEqual(ev, av)
        case "datetime", "datetime-local", "date-local", "time-local":
            equal = DateTimeKey(ev) != nil && DateTimeKey(ev) == DateTimeKey(av)
        default: equal = ev == av
        }
        return equal ? nil : "\(here): expected \(type) \(debug(ev)), got \(debug(av))"
    }

    private static func isScalar(_ table: [String: Any]) -> Bool {
        table.count == 2 && table["type"] is String && table["value"] is String
    }

    private static func floatsEqual(_ a: String, _ b: String) -> Bool {
        guard let x = parseFloat(a), let y = parseFloat(b) else { return false }
        return x == y || (x.isNaN && y.isNaN)
    }

    private static func parseFloat(_ text: String) -> Double? {
        switch text {
        case "nan", "+nan", "-nan": return .nan
        case "inf", "+inf": return .infinity
        case "-inf": return -.infinity
        default: return Double(text)
        }
    }

    private static func short(_ value: Any) -> String {
        let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        let text = data.map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }

    private static func debug(_ text: String) -> String { String(reflecting: text) }
}

/// A date, time or date-time reduced to comparable numbers: offset date-times become instants.
struct DateTimeKey: Equatable {
    var days: Int?
    var secondsOfDay: Int?
    var nanoseconds: Int
    var hasOffset: Bool

    init?(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func number(_ count: Int) -> Int? {
            guard i + count <= scalars.count else { return nil }
            var value = 0
            for s in scalars[i..<(i + count)] {
                guard let d = Int(String(s)) else { return nil }
                value = value * 10 + d
            }
            i += count
            return value
        }
        func skip(_ s: Character) -> Bool {
            guard i < scalars.count, Character(scalars[i]) == s else { return false }
            i += 1
            return true
        }
        nanoseconds = 0
        hasOffset = false
        if scalars.count >= 10, scalars[4] == "-" {
            guard let y = number(4), skip("-"), let m = number(2), skip("-"), let d = number(2) else { return nil }
            days = Self.daysFromCivil(y, m, d)
            guard i < scalars.count else { return }
            guard "Tt ".unicodeScalars.contains(scalars[i]) else { return nil }
            i += 1
        }
        guard let h = number(2), skip(":"), let mi = number(2) else { return nil }
        var s = 0
        if skip(":") {
            guard let sec = number(2) else { return nil }
            s = sec
            if skip(".") {
                var digits = ""
                while i < scalars.count, scalars[i].properties.numericType != nil {
                    digits.unicodeScalars.append(scalars[i])
                    i += 1
                }
                nanoseconds = Int((digits + "000000000").prefix(9)) ?? 0
            }
        }
        secondsOfDay = h * 3600 + mi * 60 + s
        if i < scalars.count {
            hasOffset = true
            if skip("Z") || skip("z") {
            } else {
                let sign = scalars[i] == "-" ? -1 : 1
                i += 1
                guard let oh = number(2), skip(":"), let om = number(2) else { return nil }
                secondsOfDay! -= sign * (oh * 3600 + om * 60)
            }
            // Normalize the instant to days + seconds in [0, 86400).
            let total = (days ?? 0) * 86400 + secondsOfDay!
            days = total.floorDiv(86400)
            secondsOfDay = total - days! * 86400
        }
        guard i == scalars.count else { return nil }
    }

    static func daysFromCivil(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}

extension Int {
    fileprivate func floorDiv(_ d: Int) -> Int { self >= 0 ? self / d : -((-self + d - 1) / d) }
}
