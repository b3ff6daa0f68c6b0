import CNcursesw
import Screen
import Testing

@testable import Terminal

/// What `wget_wch` hands over, decoded without a terminal: ncurses' function-key codes and characters.
@Suite struct KeyDecoderTests {
    @Test(arguments: [
        (KEY_UP, Key.up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right),
        (KEY_NPAGE, .pageDown), (KEY_PPAGE, .pageUp), (KEY_HOME, .home), (KEY_END, .end),
        (KEY_BTAB, .backTab), (KEY_BACKSPACE, .backspace), (KEY_DC, .delete), (KEY_ENTER, .enter),
    ])
    func functionKeysBecomeTheirKeys(code: Int32, key: Key) {
        #expect(KeyDecoder.decode(result: KEY_CODE_YES, value: UInt32(code)) == .key(key))
    }

    @Test func keyResizeIsAResize() {
        #expect(KeyDecoder.decode(result: KEY_CODE_YES, value: UInt32(KEY_RESIZE)) == .resize)
    }

    @Test func unknownFunctionKeysAreDropped() {
        #expect(KeyDecoder.decode(result: KEY_CODE_YES, value: UInt32(KEY_F0 + 5)) == nil)
        #expect(KeyDecoder.decode(result: KEY_CODE_YES, value: UInt32(KEY_MOUSE)) == nil)
    }

    @Test(arguments: [
        (UInt32(9), Key.tab), (10, .enter), (13, .enter), (27, .escape), (8, .backspace), (127, .backspace),
        (1, .control("a")), (21, .control("u")), (4, .control("d")), (26, .control("z")),
    ])
    func controlCharactersBecomeKeys(value: UInt32, key: Key) {
        #expect(KeyDecoder.decode(result: OK, value: value) == .key(key))
    }

    @Test func otherControlCharactersAreDropped() {
        for value: UInt32 in [0, 28, 29, 30, 31] {
            #expect(KeyDecoder.decode(result: OK, value: value) == nil, "\(value)")
        }
    }

    @Test(arguments: ["j", "G", "/", " ", "é", "日", "🙂"])
    func charactersArriveAsTheyWereTyped(text: String) throws {
        let scalar = try #require(text.unicodeScalars.first)
        #expect(KeyDecoder.decode(result: OK, value: scalar.value) == .key(.character(Character(text))))
    }

    @Test func aCharacterCodeThatIsNoUnicodeScalarIsDropped() {
        #expect(KeyDecoder.decode(result: OK, value: 0xD800) == nil)
        #expect(KeyDecoder.decode(result: OK, value: 0x110000) == nil)
    }

    @Test func theSameCodeMeansAKeyOrACharacterByTheResult() {
        // KEY_DOWN is 0o402 (258): as a character value it is "Ă", not the arrow.
        #expect(KeyDecoder.decode(result: OK, value: UInt32(KEY_DOWN)) == .key(.character("\u{102}")))
        #expect(KeyDecoder.decode(result: KEY_CODE_YES, value: UInt32(KEY_DOWN)) == .key(.down))
    }
}
