/// What the terminal sent.
public enum TerminalInput: Sendable, Hashable {
    case key(Key)
    case mouse(MouseEvent)
    /// The terminal changed size; the port's `width` and `height` already give the new one.
    case resize
    /// SIGINT, SIGTERM or SIGHUP arrived: leave through the normal path, which gives the terminal back.
    case interrupt
    /// SIGTSTP (Ctrl-Z) arrived: suspend to the shell through `suspendToShell`.
    case suspend
}

/// The terminal as the dashboard's run loop sees it. ncurses implements it (Terminal); tests drive
/// the loop in-process through a fake one (keys in, frames out), as Bubble Tea's WithInput/WithOutput do.
public protocol TerminalPort: AnyObject {
    var width: Int { get }
    var height: Int { get }
    /// File descriptors that become readable when `readInput` has something (the keyboard, a resize,
    /// a termination signal): the run loop waits on them with its other sources in one poll().
    var inputDescriptors: [Int32] { get }
    /// Everything that arrived, without blocking; an `.interrupt` comes first.
    func readInput() -> [TerminalInput]
    /// Shows a frame (a terminal repaints only what changed since the last one).
    func paint(_ screen: Screen)
    /// Lends the terminal to another program ($PAGER, $EDITOR, a passphrase prompt) until `resume`.
    func suspend()
    /// Takes the terminal back after `suspend`; the next paint draws everything.
    func resume()
    /// Gives the terminal back for good (idempotent).
    func restore()
    /// Puts text on the terminal's clipboard with OSC 52 (the text is our own id, base64-encoded).
    func copyToClipboard(_ text: String)
    /// Sets the window title with OSC 2 (our own words: `gastown (3 awaiting)`).
    func setTitle(_ title: String)
    /// Rings the terminal bell.
    func bell()
    /// Ctrl-Z: stops the process (SIGTSTP) with the terminal given back; returns after `fg`, screen restored.
    func suspendToShell()
}

extension TerminalPort {
    /// Runs `body` (another program on the terminal) between `suspend` and `resume`.
    public func suspended<T>(_ body: () throws -> T) rethrows -> T {
        suspend()
        defer { resume() }
        return try body()
    }
}
