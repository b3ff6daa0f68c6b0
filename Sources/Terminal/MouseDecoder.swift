import CNcursesw
import Foundation
import Screen

/// Mouse reports to `MouseEvent`s, pure so tests need no terminal. ncurses decodes the terminal's reports
/// (`KEY_MOUSE`, then `getmouse`: button state bits and a cell); where the terminfo entry does not announce SGR
/// 1006 reports (`kmous=\E[<`), an SGR report arrives as plain characters (`ESC [ < b ; x ; y M`) and is
/// assembled here. A second press of the left button on the same cell soon after the first is a double click.
struct MouseDecoder {
    /// How soon a second click counts as a double click.
    static let doubleClickInterval: TimeInterval = 0.4

    private var lastClick: (row: Int, column: Int, at: Date)?

    /// An ncurses event: `bstate` bits, 0-based cell.
    mutating func decode(buttonState: UInt, row: Int, column: Int, now: Date) -> MouseEvent? {
        if buttonState & UInt(gt_button4_pressed()) != 0 { return MouseEvent(.wheelUp, row: row, column: column) }
        if buttonState & UInt(gt_button5_pressed()) != 0 { return MouseEvent(.wheelDown, row: row, column: column) }
        let clicked = UInt(gt_button1_pressed()) | UInt(gt_button1_clicked())
        if buttonState & UInt(gt_button1_double_clicked()) != 0 {
            lastClick = nil
            return MouseEvent(.doubleClick, row: row, column: column)
        }
        guard buttonState & clicked != 0 else { return nil }
        return press(row: row, column: column, now: now)
    }

    /// An SGR report's fields: button code, 1-based column and row, and whether it is a press (`M`).
    mutating func decodeSGR(button: Int, column: Int, row: Int, pressed: Bool, now: Date) -> MouseEvent? {
        let cell = (row: row - 1, column: column - 1)
        switch button & ~(4 | 8 | 16) {  // shift, alt and control do not change what the button does
        case 64: return MouseEvent(.wheelUp, row: cell.row, column: cell.column)
        case 65: return MouseEvent(.wheelDown, row: cell.row, column: cell.column)
        case 0 where pressed && button & 32 == 0: return press(row: cell.row, column: cell.column, now: now)
        default: return nil
        }
    }

    private mutating func press(row: Int, column: Int, now: Date) -> MouseEvent {
        if let last = lastClick, last.row == row, last.column == column,
            now.timeIntervalSince(last.at) <= Self.doubleClickInterval
        {
            lastClick = nil
            return MouseEvent(.doubleClick, row: row, column: column)
        }
        lastClick = (row, column, now)
        return MouseEvent(.click, row: row, column: column)
    }

    /// Replaces each SGR report spelled out as keys (Esc `[` `<` digits `;` digits `;` digits `M`/`m`) by its
    /// event; everything else passes through.
    mutating func assembleSGR(_ inputs: [TerminalInput], now: Date) -> [TerminalInput] {
        var result: [TerminalInput] = []
        var index = 0
        while index < inputs.count {
            if inputs[index] == .key(.escape), let (report, next) = Self.sgrReport(inputs, from: index + 1) {
                if let event = decodeSGR(
                    button: report.button, column: report.column, row: report.row, pressed: report.pressed, now: now)
                {
                    result.append(.mouse(event))
                }
                index = next
                continue
            }
            result.append(inputs[index])
            index += 1
        }
        return result
    }

    /// `[<b;x;yM` after an Esc: the report and the index after it.
    static func sgrReport(_ inputs: [TerminalInput], from start: Int) -> (
        (button: Int, column: Int, row: Int, pressed: Bool), Int
    )? {
        var text = ""
        var index = start
        while index < inputs.count, index - start < 24, case .key(.character(let character)) = inputs[index] {
            text.append(character)
            index += 1
            if character == "M" || character == "m" { break }
        }
        guard text.hasPrefix("[<"), let last = text.last, last == "M" || last == "m" else { return nil }
        let numbers = text.dropFirst(2).dropLast().split(separator: ";").compactMap { Int($0) }
        guard numbers.count == 3 else { return nil }
        return ((numbers[0], numbers[1], numbers[2], last == "M"), index)
    }
}
