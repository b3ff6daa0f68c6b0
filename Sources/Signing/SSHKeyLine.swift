/// One line of an OpenSSH key file: a `.pub` file (`TYPE BASE64 [COMMENT]`), an `authorized_keys` line
/// (`[OPTIONS] TYPE BASE64 [COMMENT]`) or an `allowed_signers` line (`PRINCIPALS [OPTIONS] TYPE BASE64 [COMMENT]`).
public struct SSHKeyLine: Sendable, Hashable {
    public enum Format: Sendable {
        /// `.pub` or `authorized_keys`: options are optional, there are no principals.
        case publicKey
        /// git's and `ssh-keygen -Y`'s `allowed_signers`: principals first.
        case allowedSigners
    }

    /// Principals (allowed signers only), unquoted and split at commas.
    public var principals: [String]
    /// Options in order: `cert-authority`, `namespaces="gastown"`, … (value nil for a flag).
    public var options: [(name: String, value: String?)]
    public var key: SSHPublicKey
    public var comment: String

    public static func == (a: SSHKeyLine, b: SSHKeyLine) -> Bool {
        a.principals == b.principals && a.key == b.key && a.comment == b.comment
            && a.options.map(\.name) == b.options.map(\.name) && a.options.map(\.value) == b.options.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(principals)
        hasher.combine(key)
    }

    public init(
        principals: [String] = [], options: [(name: String, value: String?)] = [], key: SSHPublicKey,
        comment: String = ""
    ) {
        self.principals = principals
        self.options = options
        self.key = key
        self.comment = comment
    }

    /// The value of option `name` (case-insensitive, as OpenSSH reads them).
    public func option(_ name: String) -> String?? {
        options.first { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// Whether the line lets its key sign in `namespace` (no `namespaces=` option means every namespace).
    public func allows(namespace: String) -> Bool {
        guard case .some(.some(let list)) = option("namespaces") else { return true }
        return list.split(separator: ",").contains { PatternList.matches(namespace, pattern: String($0)) }
    }

    /// Whether `principal` matches this line's principals (OpenSSH patterns: `*`, `?`, `!negation`).
    public func matches(principal: String) -> Bool { PatternList.matchesList(principal, patterns: principals) }

    /// Parses one line. Blank lines and `#` comments are not key lines: the caller skips them.
    public static func parse(_ line: String, format: Format) throws(SigningError) -> SSHKeyLine {
        var tokens = try tokenize(line)
        var principals: [String] = []
        if format == .allowedSigners {
            guard !tokens.isEmpty else { throw SigningError(.malformed, "empty line") }
            let field = unquote(tokens.removeFirst())
            principals = field.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if principals.contains(where: \.isEmpty) {
                throw SigningError(.malformed, "empty principal in \"\(field.prefix(80))\"")
            }
        }
        guard let typeIndex = tokens.firstIndex(where: { isKeyType($0) }) else {
            if let unknown = tokens.first(where: { SSHPublicKey.knownUnsupported.contains($0) }) {
                throw SSHPublicKey.unsupported(unknown)
            }
            throw SigningError(
                .malformed,
                tokens.isEmpty ? "no key on the line" : "no key type (such as ssh-ed25519) on the line")
        }
        guard typeIndex <= 1 else { throw SigningError(.malformed, "unexpected text before the key type") }
        let options = typeIndex == 1 ? try parseOptions(tokens[0]) : []
        guard typeIndex + 1 < tokens.count else {
            throw SigningError(.malformed, "\(tokens[typeIndex]) is not followed by a key")
        }
        let key = try SSHPublicKey(type: tokens[typeIndex], base64: tokens[typeIndex + 1])
        let comment = tokens[(typeIndex + 2)...].joined(separator: " ")
        return SSHKeyLine(principals: principals, options: options, key: key, comment: comment)
    }

    /// Every key line of a file's text, with the 1-based line number of each problem.
    public static func parseAll(_ text: String, format: Format) -> (
        lines: [SSHKeyLine], errors: [(line: Int, error: SigningError)]
    ) {
        var lines: [SSHKeyLine] = []
        var errors: [(Int, SigningError)] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = raw.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed == "\r" { continue }
            do throws(SigningError) {
                lines.append(try parse(String(trimmed), format: format))
            } catch {
                errors.append((number + 1, error))
            }
        }
        return (lines, errors)
    }

    /// The line written back: `PRINCIPALS [OPTIONS] TYPE BASE64 [COMMENT]`.
    public var text: String {
        var parts: [String] = []
        if !principals.isEmpty { parts.append(principals.joined(separator: ",")) }
        if !options.isEmpty {
            parts.append(
                options.map { option in option.value.map { "\(option.name)=\"\($0)\"" } ?? option.name }.joined(
                    separator: ","))
        }
        parts.append(key.openSSHText)
        if !comment.isEmpty { parts.append(comment) }
        return parts.joined(separator: " ")
    }

    public static func isKeyType(_ token: String) -> Bool { SSHPublicKey.Algorithm(rawValue: token) != nil }

    /// Splits at spaces and tabs outside double quotes.
    static func tokenize(_ line: String) throws(SigningError) -> [String] {
        var tokens: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            if !quoted && (character == " " || character == "\t" || character == "\r") {
                if !current.isEmpty { tokens.append(current) }
                current = ""
                continue
            }
            if character == "\\" && quoted { escaped = true }
            if character == "\"" { quoted.toggle() }
            current.append(character)
        }
        if quoted { throw SigningError(.malformed, "unterminated quote") }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// `a,b="x,y",c` → [(a, nil), (b, "x,y"), (c, nil)].
    static func parseOptions(_ field: String) throws(SigningError) -> [(name: String, value: String?)] {
        var options: [(String, String?)] = []
        var name = ""
        var value: String?
        var quoted = false
        var escaped = false
        func finish() throws(SigningError) {
            guard !name.isEmpty else { throw SigningError(.malformed, "empty option in \"\(field.prefix(80))\"") }
            options.append((name, value))
            name = ""
            value = nil
        }
        for character in field {
            if escaped {
                value?.append(character)
                escaped = false
            } else if quoted {
                if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    quoted = false
                } else {
                    value?.append(character)
                }
            } else if character == "," {
                try finish()
            } else if character == "=" && value == nil {
                value = ""
            } else if character == "\"" && value == "" {
                quoted = true
            } else if value != nil {
                value?.append(character)
            } else {
                name.append(character)
            }
        }
        try finish()
        return options
    }

    static func unquote(_ token: String) -> String {
        guard token.count >= 2, token.hasPrefix("\""), token.hasSuffix("\"") else { return token }
        return String(token.dropFirst().dropLast())
    }
}

/// OpenSSH's pattern lists (`ssh_config(5)` PATTERNS): `*` and `?` wildcards, `!` negation.
enum PatternList {
    static func matchesList(_ text: String, patterns: [String]) -> Bool {
        var matched = false
        for pattern in patterns {
            if pattern.hasPrefix("!") {
                if matches(text, pattern: String(pattern.dropFirst())) { return false }
            } else if matches(text, pattern: pattern) {
                matched = true
            }
        }
        return matched
    }

    static func matches(_ text: String, pattern: String) -> Bool {
        let t = Array(text.unicodeScalars)
        let p = Array(pattern.unicodeScalars)
        var (ti, pi) = (0, 0)
        var (star, mark) = (-1, 0)
        while ti < t.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == t[ti]) {
                ti += 1
                pi += 1
            } else if pi < p.count && p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
