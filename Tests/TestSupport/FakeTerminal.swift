import Foundation
import Screen

#if canImport(Glibc)
    import Glibc
#endif

/// A terminal in memory for driving the run loop in-process: inputs go in (`send`), frames come out
/// (`frames`). Its input descriptor is a pipe that is readable while inputs wait, so the loop's poll()
/// wakes up for them as it does for a real keyboard.
public final class FakeTerminal: TerminalPort {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var frames: [Screen] = []
    /// suspend, resume, restore, suspendToShell and bell calls, in order.
    public private(set) var calls: [String] = []
    /// The texts put on the clipboard (OSC 52) and the window titles set (OSC 2), in order.
    public private(set) var clipboard: [String] = []
    public private(set) var titles: [String] = []
    /// When true, a `readInput` with nothing queued reports a termination signal (and `ranDry`), so a
    /// loop that fails to stop on its own still ends.
    public var interruptsWhenDry = false
    public private(set) var ranDry = false
    /// Each `readInput` hands over one batch.
    private var batches: [[TerminalInput]] = []
    private let readEnd: Int32
    private let writeEnd: Int32

    public init(width: Int = 100, height: Int = 30) {
        self.width = width
        self.height = height
        var ends: [Int32] = [0, 0]
        precondition(pipe(&ends) == 0, "pipe")
        readEnd = ends[0]
        writeEnd = ends[1]
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    /// Queues one batch of inputs, read together by the next `readInput`.
    public func send(_ inputs: TerminalInput...) {
        batches.append(inputs)
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Queues keys, one batch each (as a person types them).
    public func press(_ keys: Key...) {
        for key in keys { send(.key(key)) }
    }

    /// The terminal window changes size.
    public func resize(width: Int, height: Int) {
        self.width = width
        self.height = height
        send(.resize)
    }

    /// The last frame's rows as text.
    public var screen: [String] { frames.last?.lines ?? [] }

    public var inputDescriptors: [Int32] { [readEnd] }

    public func readInput() -> [TerminalInput] {
        var byte: UInt8 = 0
        guard !batches.isEmpty, read(readEnd, &byte, 1) == 1 else {
            ranDry = interruptsWhenDry
            return interruptsWhenDry ? [.interrupt] : []
        }
        return batches.removeFirst()
    }

    public func paint(_ screen: Screen) { frames.append(screen) }
    public func suspend() { calls.append("suspend") }
    public func resume() { calls.append("resume") }
    public func restore() { calls.append("restore") }
    public func copyToClipboard(_ text: String) { clipboard.append(text) }
    public func setTitle(_ title: String) { titles.append(title) }
    public func bell() { calls.append("bell") }
    public func suspendToShell() { calls.append("suspendToShell") }

    /// A mouse action at a cell.
    public func mouse(_ kind: MouseEvent.Kind, row: Int, column: Int) {
        send(.mouse(MouseEvent(kind, row: row, column: column)))
    }
}
