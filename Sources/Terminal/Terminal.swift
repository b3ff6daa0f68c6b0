@preconcurrency import CNcursesw
import Foundation
import Screen

#if canImport(Glibc)
    import Glibc
#endif

/// The only code that talks to ncurses: takes over the terminal, paints frames (only the rows
/// that changed), reads keys, notices resizes and termination signals, and gives the terminal back.
public final class Terminal: TerminalPort {
    public private(set) var width: Int = 0
    public private(set) var height: Int = 0
    private var previous: Screen?
    private let colors: Bool
    private var active = false
    private let mouse: Bool
    private var mouseDecoder = MouseDecoder()

    /// Sets the locale (a UTF-8 one, so wide characters work), starts curses, and installs the
    /// handlers that restore the terminal on a crash.
    /// `mouse`: ask for mouse reports (ncurses' `mousemask`; the terminfo entry says how, SGR 1006 where it can).
    public init(colors: Bool, mouse: Bool = true) throws {
        self.mouse = mouse
        // Before ncurses starts: it installs its own SIGINT/SIGTERM handlers only where none is set.
        signalDescriptor = SignalPipe.install()
        setlocale(LC_ALL, "")
        if let codeset = gt_codeset(), String(cString: codeset) != "UTF-8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError("the dashboard needs a terminal (stdin and stdout must be a tty)")
        }
        guard newterm(nil, stdout, stdin) != nil else {
            throw TerminalError(
                "cannot start the terminal (TERM=\(String(cString: getenv("TERM") ?? strdup("unset"))))")
        }
        active = true
        TerminalRestorer.install()
        cbreak()
        noecho()
        nonl()
        keypad(gt_stdscr(), true)
        nodelay(gt_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        var useColors = colors && has_colors()
        if useColors {
            useColors = start_color() == OK
            if useColors {
                use_default_colors()
                for role in ColorRole.allCases where role != .normal {
                    init_pair(Int16(role.rawValue), Self.foreground(role), -1)
                }
            }
        }
        self.colors = useColors
        if mouse {
            _ = mousemask(gt_mouse_events(), nil)
            // Double clicks are told apart by the decoder, so a click is never held back waiting for a second.
            mouseinterval(0)
        }
        resizeDescriptor = ResizeSignal.install()
        refreshSize()
    }

    /// Readable when the terminal was resized (then `takeResize`).
    private var resizeDescriptor: Int32 = -1
    /// Readable when SIGINT, SIGTERM or SIGHUP arrived.
    private let signalDescriptor: Int32

    /// After a resize signal: adopts the terminal's new size at once (without waiting for ncurses to
    /// notice it at its next read); true when the size changed.
    private func takeResize() -> Bool {
        guard ResizeSignal.take() else { return false }
        if let size = ResizeSignal.currentSize(), is_term_resized(size.rows, size.columns) {
            resizeterm(size.rows, size.columns)
        }
        return refreshSize()
    }

    deinit { restore() }

    /// Gives the terminal back (idempotent).
    public func restore() {
        guard active else { return }
        active = false
        endwin()
    }

    /// Re-reads the size; true when it changed.
    @discardableResult
    private func refreshSize() -> Bool {
        var rows: Int32 = 0
        var columns: Int32 = 0
        gt_getmaxyx(gt_stdscr(), &rows, &columns)
        let changed = Int(rows) != height || Int(columns) != width
        height = Int(rows)
        width = Int(columns)
        if changed { previous = nil }
        return changed
    }

    /// The keyboard, the resize pipe and the signal pipe.
    public var inputDescriptors: [Int32] { [STDIN_FILENO, signalDescriptor, resizeDescriptor] }

    /// A termination signal, or every resize and key waiting to be read, without blocking.
    public func readInput() -> [TerminalInput] {
        let signals = SignalPipe.pending()
        if signals.contains(where: { $0 != SIGTSTP }) || terminalHungUp() { return [.interrupt] }
        var inputs: [TerminalInput] = signals.isEmpty ? [] : [.suspend]
        // A resize wakes us through its own pipe (SIGWINCH may hit another thread than ours).
        if takeResize() { inputs.append(.resize) }
        var character: wint_t = 0
        while true {
            let result = wget_wch(gt_stdscr(), &character)
            if result == ERR { break }
            if result == KEY_CODE_YES, Int32(bitPattern: UInt32(character)) == KEY_MOUSE {
                var event = MEVENT()
                if getmouse(&event) == OK,
                    let decoded = mouseDecoder.decode(
                        buttonState: UInt(event.bstate), row: Int(event.y), column: Int(event.x), now: Date())
                {
                    inputs.append(.mouse(decoded))
                }
                continue
            }
            switch KeyDecoder.decode(result: result, value: UInt32(character)) {
            case .resize?:
                refreshSize()
                inputs.append(.resize)
            case let input?: inputs.append(input)
            case nil: break
            }
            if inputs.count > 256 { break }
        }
        // A size change nothing announced.
        if refreshSize() { inputs.append(.resize) }
        return mouse ? mouseDecoder.assembleSGR(inputs, now: Date()) : inputs
    }

    /// The terminal went away (its window closed) without a SIGHUP reaching us (one ignored or blocked by whoever
    /// started us): stdin reports a hangup, and reading it would spin. Leaving is the only thing left to do.
    private func terminalHungUp() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0 && descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    /// OSC 52: the terminal (or tmux, with `set-clipboard on`) puts the text on its clipboard. The text is base64,
    /// so nothing in it can end the sequence.
    public func copyToClipboard(_ text: String) {
        emit("\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}")
    }

    /// OSC 2: the window title. Our own words only, with any control character dropped.
    public func setTitle(_ title: String) {
        emit("\u{1B}]2;" + String(title.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }) + "\u{07}")
    }

    public func bell() {
        beep()
    }

    /// Ctrl-Z: curses off, the process stopped with SIGTSTP's default action (the shell takes the terminal);
    /// after `fg`, curses back on and the next frame drawn whole.
    public func suspendToShell() {
        suspend()
        SignalPipe.stopNow()
        resume()
    }

    /// Writes after whatever ncurses has buffered.
    private func emit(_ sequence: String) {
        fflush(stdout)
        var bytes = Array(sequence.utf8)
        _ = write(STDOUT_FILENO, &bytes, bytes.count)
    }

    /// Ends curses for a while (the terminal in its normal mode) so another program can use it.
    public func suspend() {
        guard active else { return }
        def_prog_mode()
        endwin()
    }

    /// Returns to curses mode after `suspend`; the next paint draws every row.
    public func resume() {
        guard active else { return }
        reset_prog_mode()
        refreshSize()
        previous = nil
        clearok(gt_stdscr(), true)
    }

    /// Paints a frame: rows identical to the last frame are skipped.
    public func paint(_ screen: Screen) {
        if screen.width != width || screen.height != height { refreshSize() }
        let full = previous == nil || previous!.width != screen.width || previous!.height != screen.height
        if full { erase() }
        var buffer = [wchar_t](repeating: 0, count: 6)
        for row in 0..<min(screen.height, height) {
            if !full, let previous, previous.row(row).elementsEqual(screen.row(row)) { continue }
            for column in 0..<min(screen.width, width) {
                let cell = screen[row, column]
                if cell.isContinuation { continue }
                var count = 0
                for scalar in cell.text.unicodeScalars where count < 5 {
                    buffer[count] = wchar_t(bitPattern: scalar.value)
                    count += 1
                }
                buffer[count] = 0
                _ = gt_put_cell(Int32(row), Int32(column), buffer, attributes(cell.style), pair(cell.style))
            }
        }
        previous = screen
        refresh()
    }

    private func attributes(_ style: Style) -> attr_t {
        var value = gt_attr_normal()
        if style.bold { value |= gt_attr_bold() }
        if style.reverse { value |= gt_attr_reverse() }
        if style.dim || (!colors && style.role == .muted) { value |= gt_attr_dim() }
        if style.underline { value |= gt_attr_underline() }
        return value
    }

    private func pair(_ style: Style) -> Int16 {
        colors ? Int16(style.role.rawValue) : 0
    }

    private static func foreground(_ role: ColorRole) -> Int16 {
        switch role {
        case .normal: return -1
        case .accent: return Int16(COLOR_CYAN)
        case .ok: return Int16(COLOR_GREEN)
        case .warning: return Int16(COLOR_YELLOW)
        case .danger: return Int16(COLOR_RED)
        case .muted: return Int16(COLOR_BLUE)
        case .info: return Int16(COLOR_CYAN)
        }
    }
}
