/// Path globs for anti-pattern scopes, in the familiar gitignore-like dialect:
/// `*` any run of characters within one path segment, `?` one character, `[abc]`/`[a-z]`/`[!a]` a class,
/// `**` any number of whole segments (including none). A glob without `/` matches the file's name in any
/// directory (`*_test.go`); a glob ending in `/` matches everything under that directory (`test/`).
///
/// Globs come from formula files (untrusted): matching is polynomial (segment table, linear wildcard scan).
public enum AntiPatternGlob {
    public static func matches(_ glob: String, path: String) -> Bool {
        var glob = glob
        if glob.hasPrefix("./") { glob.removeFirst(2) }
        if glob.hasSuffix("/") { glob += "**" }
        if !glob.contains("/") { glob = "**/" + glob }
        let patternSegments = glob.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.unicodeScalars) }
        let pathSegments = path.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.unicodeScalars) }
        return matchSegments(patternSegments, pathSegments)
    }

    /// reachable[i][j]: the first i glob segments can match the first j path segments.
    private static func matchSegments(_ p: [[Unicode.Scalar]], _ s: [[Unicode.Scalar]]) -> Bool {
        var reachable = Array(repeating: Array(repeating: false, count: s.count + 1), count: p.count + 1)
        reachable[0][0] = true
        for i in 0..<p.count {
            let isGlobstar = p[i] == ["*", "*"]
            for j in 0...s.count where reachable[i][j] {
                if isGlobstar {
                    for k in j...s.count { reachable[i + 1][k] = true }
                } else if j < s.count, matchSegment(p[i], s[j]) {
                    reachable[i + 1][j + 1] = true
                }
            }
        }
        return reachable[p.count][s.count]
    }

    /// Wildcard match of one segment; backtracks only to the last `*` (linear-time in practice).
    static func matchSegment(_ p: [Unicode.Scalar], _ s: [Unicode.Scalar]) -> Bool {
        var pi = 0, si = 0
        var starP = -1, starS = 0
        while si < s.count {
            if pi < p.count, p[pi] == "*" {
                starP = pi; starS = si; pi += 1
                continue
            }
            if pi < p.count, let next = matchOne(p, at: pi, s[si]) {
                pi = next; si += 1
                continue
            }
            guard starP >= 0 else { return false }
            pi = starP + 1; starS += 1; si = starS
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// If the glob element at `pi` matches `c`, the index after that element.
    private static func matchOne(_ p: [Unicode.Scalar], at pi: Int, _ c: Unicode.Scalar) -> Int? {
        switch p[pi] {
        case "?": return c == "/" ? nil : pi + 1
        case "[":
            var k = pi + 1
            var negate = false
            if k < p.count, p[k] == "!" || p[k] == "^" { negate = true; k += 1 }
            var matched = false
            var first = true
            while k < p.count, p[k] != "]" || first {
                first = false
                if k + 2 < p.count, p[k + 1] == "-", p[k + 2] != "]" {
                    if p[k].value <= c.value && c.value <= p[k + 2].value { matched = true }
                    k += 3
                } else {
                    if p[k] == c { matched = true }
                    k += 1
                }
            }
            guard k < p.count else { return p[pi] == c ? pi + 1 : nil }  // No closing "]": a literal "[".
            return matched != negate ? k + 1 : nil
        case "\\" where pi + 1 < p.count:
            return p[pi + 1] == c ? pi + 2 : nil
        default:
            return p[pi] == c ? pi + 1 : nil
        }
    }
}
