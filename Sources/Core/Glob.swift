/// Path globs as formulas write them (`docs/requirements/*.md`, `test/**/*.go`, `.cursor/rules/*.mdc`).
///
/// `*` matches within one path segment, `**` across segments (`a/**/b` also matches `a/b`), `?` one
/// character other than `/`, `[abc]` / `[a-z]` / `[!abc]` one character of a set. Matching is O(pattern ×
/// path), so an untrusted pattern cannot make it explode.
public enum Glob {
    enum Token: Equatable {
        case literal(Unicode.Scalar)
        case any  // ?
        case star  // *
        case globstar  // ** (with a following / absorbed)
        case set([ClosedRange<Unicode.Scalar>], negated: Bool)
    }

    public static func matches(pattern: String, path: String) -> Bool {
        let tokens = tokenize(pattern)
        let text = Array(path.unicodeScalars)
        // reachable[j]: the tokens consumed so far can end exactly at text index j.
        var reachable = Array(repeating: false, count: text.count + 1)
        reachable[0] = true
        for token in tokens {
            var next = Array(repeating: false, count: text.count + 1)
            switch token {
            case .star, .globstar:
                var open = false
                for j in 0...text.count {
                    if reachable[j] { open = true }
                    if open { next[j] = true }
                    if j < text.count, text[j] == "/", token == .star { open = false }
                }
            default:
                for j in 0..<text.count where reachable[j] && accepts(token, text[j]) {
                    next[j + 1] = true
                }
            }
            reachable = next
            if !reachable.contains(true) { return false }
        }
        return reachable[text.count]
    }

    static func accepts(_ token: Token, _ c: Unicode.Scalar) -> Bool {
        switch token {
        case .literal(let l): c == l
        case .any: c != "/"
        case .set(let ranges, let negated): c != "/" && (ranges.contains { $0.contains(c) } != negated)
        case .star, .globstar: false
        }
    }

    static func tokenize(_ pattern: String) -> [Token] {
        let s = Array(pattern.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        while i < s.count {
            let c = s[i]
            switch c {
            case "*":
                if i + 1 < s.count, s[i + 1] == "*" {
                    i += 2
                    // `**/` also matches no directory at all: the slash is optional.
                    if i < s.count, s[i] == "/" { i += 1 }
                    tokens.append(.globstar)
                    // `dir/**/x` matches `dir/x`: the globstar absorbs an empty run, which the DP allows.
                    continue
                }
                tokens.append(.star)
            case "?":
                tokens.append(.any)
            case "[":
                if let (set, end) = parseSet(s, from: i) {
                    tokens.append(set)
                    i = end
                } else {
                    tokens.append(.literal(c))
                }
            case "\\" where i + 1 < s.count:
                i += 1
                tokens.append(.literal(s[i]))
            default:
                tokens.append(.literal(c))
            }
            i += 1
        }
        return tokens
    }

    /// A `[...]` set starting at `start`; returns the token and the index of its closing bracket.
    static func parseSet(_ s: [Unicode.Scalar], from start: Int) -> (Token, Int)? {
        var i = start + 1
        var negated = false
        if i < s.count, s[i] == "!" || s[i] == "^" {
            negated = true
            i += 1
        }
        var ranges: [ClosedRange<Unicode.Scalar>] = []
        var first = true
        while i < s.count {
            if s[i] == "]" && !first { return (.set(ranges, negated: negated), i) }
            first = false
            if i + 2 < s.count, s[i + 1] == "-", s[i + 2] != "]" {
                if s[i] <= s[i + 2] { ranges.append(s[i]...s[i + 2]) }
                i += 3
            } else {
                ranges.append(s[i]...s[i])
                i += 1
            }
        }
        return nil
    }
}
