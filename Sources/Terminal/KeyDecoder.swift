import CNcursesw
import Screen

/// ncurses key codes and characters to dashboard keys: pure, so tests need no terminal.
enum KeyDecoder {
    /// What `wget_wch` returned (`KEY_CODE_YES` for a function key, `OK` for a character) and the value it read.
    static func decode(result: Int32, value: UInt32) -> TerminalInput? {
        result == KEY_CODE_YES ? decode(functionKey: Int32(bitPattern: value)) : decode(character: value)
    }

    static func decode(functionKey code: Int32) -> TerminalInput? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_BTAB: return .key(.backTab)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_ENTER: return .key(.enter)
        case KEY_RESIZE: return .resize
        default: return nil
        }
    }

    static func decode(character value: UInt32) -> TerminalInput? {
        switch value {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 1...26:
            return .key(.control(Character(Unicode.Scalar(value + 96)!)))
        case 0..<32: return nil
        default:
            return Unicode.Scalar(value).map { .key(.character(Character($0))) }
        }
    }
}
