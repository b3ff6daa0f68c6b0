/// The largest counter a store file holds (revisions, attempts, days, test counts): the integers `FieldReader`
/// accepts by default. Every increment and every count that comes in is checked against it, so no arithmetic on
/// them overflows and nothing gastown writes becomes unreadable.
public enum StoreCounter {
    public static let maximum = Int(Int32.max)

    /// A problem with a day given by a person (`--day`), or nil: days run from 1 to `maximum`.
    public static func dayProblem(_ day: Int) -> String? {
        if day < 1 { return "days start at 1" }
        if day > maximum { return "days go up to \(maximum)" }
        return nil
    }
}
