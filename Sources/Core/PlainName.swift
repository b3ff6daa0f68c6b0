/// The one rule for names that may become directory or file names: convoys, molecules, teams,
/// reviewers, formulas, and a formula's step, checkpoint and gate ids.
///
/// A name is 1...64 characters (and at most 200 bytes of UTF-8) of letters, digits, `-`, `_` and `.`, not starting
/// with `.` or `-`, and never containing `..`, so it can never lead outside the directory it is used in. The byte
/// limit keeps every file name made from a name within the 255 bytes file systems allow: the longest, a decision
/// record's `TIME-REVIEWER-RANDOM.toml`, is the name plus 34 bytes.
public enum PlainName {
    public static let maximumLength = 64
    public static let maximumBytes = 200

    /// What is wrong with `name`, or nil if it is fine.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if isPlainASCIIName(name) { return nil }
        let scalars = name.unicodeScalars
        if scalars.count > maximumLength { return "it is longer than \(maximumLength) characters" }
        if name.utf8.count > maximumBytes {
            return
                "it is \(name.utf8.count) bytes of UTF-8, more than \(maximumBytes) (file names are limited to 255 bytes)"
        }
        for scalar in scalars {
            if scalar.value < 0x20 || scalar.value == 0x7f || (0x80...0x9f).contains(scalar.value) {
                return "it contains a control character"
            }
            if scalar == "/" || scalar == "\\" { return "it contains a path separator" }
            let allowed =
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || scalar == "-" || scalar == "_" || scalar == "."
            if !allowed { return "it contains \"\(scalar.escaped(asASCII: true))\" (allowed: letters, digits, - _ .)" }
        }
        if name.hasPrefix(".") { return "it starts with a dot" }
        if name.hasPrefix("-") { return "it starts with a dash" }
        if name.contains("..") { return "it contains \"..\"" }
        return nil
    }

    /// The common case, checked without Unicode property lookups.
    static func isPlainASCIIName(_ name: String) -> Bool {
        var count = 0
        var previousDot = false
        for byte in name.utf8 {
            count += 1
            let ok =
                (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2d || byte == 0x5f || byte == 0x2e
            if !ok { return false }
            if byte == 0x2e && previousDot { return false }
            previousDot = byte == 0x2e
        }
        guard count <= maximumLength, let first = name.utf8.first else { return false }
        return first != 0x2e && first != 0x2d
    }
}
