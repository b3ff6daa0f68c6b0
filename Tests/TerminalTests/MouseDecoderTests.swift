import CNcursesw
import Foundation
import Screen
import Testing

@testable import Terminal

/// Mouse reports decoded without a terminal: ncurses' button-state bits, and SGR 1006 reports that arrive as keys.
@Suite struct MouseDecoderTests {
    let t0 = Date(timeIntervalSince1970: 1_000)

    @Test func ncursesEvents() {
        var decoder = MouseDecoder()
        #expect(
            decoder.decode(buttonState: UInt(gt_button4_pressed()), row: 3, column: 7, now: t0)
                == MouseEvent(.wheelUp, row: 3, column: 7))
        #expect(
            decoder.decode(buttonState: UInt(gt_button5_pressed()), row: 3, column: 7, now: t0)
                == MouseEvent(.wheelDown, row: 3, column: 7))
        #expect(
            decoder.decode(buttonState: UInt(gt_button1_double_clicked()), row: 1, column: 2, now: t0)
                == MouseEvent(.doubleClick, row: 1, column: 2))
        #expect(decoder.decode(buttonState: 0, row: 1, column: 2, now: t0) == nil)
    }

    @Test func aSecondPressOnTheSameCellSoonIsADoubleClick() {
        var decoder = MouseDecoder()
        let press = UInt(gt_button1_pressed())
        #expect(decoder.decode(buttonState: press, row: 5, column: 9, now: t0)?.kind == .click)
        #expect(decoder.decode(buttonState: press, row: 5, column: 9, now: t0 + 0.2)?.kind == .doubleClick)
        // A third press starts again; another cell, or too late, is a click.
        #expect(decoder.decode(buttonState: press, row: 5, column: 9, now: t0 + 0.3)?.kind == .click)
        #expect(decoder.decode(buttonState: press, row: 5, column: 10, now: t0 + 0.4)?.kind == .click)
        #expect(decoder.decode(buttonState: press, row: 5, column: 10, now: t0 + 1.0)?.kind == .click)
    }

    static func keys(_ text: String) -> [TerminalInput] {
        text.map { $0 == "\u{1B}" ? .key(.escape) : .key(.character($0)) }
    }

    @Test func sgrReportsSpelledAsKeysBecomeEvents() {
        var decoder = MouseDecoder()
        // Left press at column 10, row 5 (1-based), its release, the wheel, then an ordinary key.
        let inputs = Self.keys("\u{1B}[<0;10;5M\u{1B}[<0;10;5m\u{1B}[<64;3;4M\u{1B}[<65;3;4Mq")
        #expect(
            decoder.assembleSGR(inputs, now: t0) == [
                .mouse(MouseEvent(.click, row: 4, column: 9)), .mouse(MouseEvent(.wheelUp, row: 3, column: 2)),
                .mouse(MouseEvent(.wheelDown, row: 3, column: 2)), .key(.character("q")),
            ])
        // Columns past 223 (what the old X10 reports cannot say) and a modifier held.
        #expect(
            decoder.assembleSGR(Self.keys("\u{1B}[<16;300;2M"), now: t0 + 5)
                == [.mouse(MouseEvent(.click, row: 1, column: 299))])
    }

    @Test func anythingElseAfterEscapeStaysKeys() {
        var decoder = MouseDecoder()
        for text in ["\u{1B}[<0;10M", "\u{1B}[A", "\u{1B}x", "\u{1B}[<a;b;cM", "\u{1B}"] {
            #expect(decoder.assembleSGR(Self.keys(text), now: t0) == Self.keys(text), "\(text.debugDescription)")
        }
    }
}
