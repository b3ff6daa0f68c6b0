/// What a one-line text people type may hold (a team's display name or alias, a title, a reason): not empty, no
/// control characters, not too long.
enum OneLineText {
    static func problem(with text: String, maximumLength: Int = 80) -> String? {
        if text.isEmpty { return "it is empty" }
        if text.unicodeScalars.count > maximumLength { return "it is longer than \(maximumLength) characters" }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "it contains a control character"
        }
        return nil
    }
}
