#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Terminal column widths, from the C library's `wcwidth` evaluated in a UTF-8 locale.
///
/// `wcwidth` depends on the calling thread's locale; a pure module must not depend on what the
/// process happened to call `setlocale` with, so the width is computed under a private
/// `C.UTF-8` locale installed for the duration of the call (thread-local, no global change).
public enum DisplayWidth {
    /// Columns the character takes: 2 for CJK and emoji, 0 for a lone combining mark, -1 for a
    /// non-printable (control) character.
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        return of(first)
    }

    /// Columns the string takes once sanitized characters are assumed (controls count as 0).
    public static func of(_ text: String) -> Int {
        var total = 0
        for character in text { total += max(0, of(character)) }
        return total
    }

    /// Columns of one scalar (the first scalar decides a grapheme's width; the marks that follow
    /// it are zero-width).
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return 1 }
        if value < 0x20 || value == 0x7F { return -1 }
        return wideWidth(value)
    }

    private static func wideWidth(_ value: UInt32) -> Int {
        #if canImport(Glibc)
            guard let locale = utf8Locale else { return fallbackWidth(value) }
            let previous = uselocale(locale)
            defer { uselocale(previous) }
            return Int(systemWcwidth(Int32(bitPattern: value)))
        #else
            return Int(systemWcwidth(Int32(bitPattern: value)))
        #endif
    }

    /// Used only if no UTF-8 locale exists at all: a coarse East Asian wide table.
    private static func fallbackWidth(_ value: UInt32) -> Int {
        if (0x0300...0x036F).contains(value) { return 0 }
        if (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
            || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
            || (0xFF00...0xFF60).contains(value) || (0x1F300...0x1FAFF).contains(value)
        {
            return 2
        }
        return 1
    }

    #if canImport(Glibc)
        nonisolated(unsafe) private static let utf8Locale: locale_t? = {
            for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] {
                if let locale = newlocale(LC_CTYPE_MASK, name, nil) { return locale }
            }
            return nil
        }()
    #endif
}

/// glibc declares `wcwidth` only under _XOPEN_SOURCE, which the Glibc module does not define;
/// the symbol itself is always there.
@_silgen_name("wcwidth")
private func systemWcwidth(_ character: Int32) -> Int32
