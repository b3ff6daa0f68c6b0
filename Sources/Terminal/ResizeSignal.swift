@preconcurrency import CNcursesw

#if canImport(Glibc)
    import Glibc
#endif

/// SIGWINCH turned into a readable file descriptor. ncurses only notes the signal in a flag and
/// reports KEY_RESIZE at the next read; with loader threads running, the kernel may deliver the
/// signal to one of them, so the run loop's poll() was not interrupted and the new size showed only
/// at its next timeout (a second later). The handler also calls ncurses' own, so its flag is set.
enum ResizeSignal {
    nonisolated(unsafe) private static var writeEnd: Int32 = -1
    nonisolated(unsafe) private static var readEnd: Int32 = -1
    nonisolated(unsafe) private static var chained: (@convention(c) (Int32) -> Void)?

    /// Installs the handler (after ncurses has installed its own); the descriptor to poll.
    static func install() -> Int32 {
        if readEnd >= 0 { return readEnd }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return -1 }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        readEnd = ends[0]
        writeEnd = ends[1]
        var previous = sigaction()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in
            let saved = errno
            var byte: UInt8 = 1
            _ = write(ResizeSignal.writeEnd, &byte, 1)
            ResizeSignal.chained?(number)
            errno = saved
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        guard sigaction(SIGWINCH, &action, &previous) == 0 else { return readEnd }
        // SIG_DFL (0) and SIG_IGN (1) are not functions to call; an SA_SIGINFO handler is not chained.
        if previous.sa_flags & SA_SIGINFO == 0,
            unsafeBitCast(previous.__sigaction_handler.sa_handler, to: Int.self) > 1
        {
            chained = previous.__sigaction_handler.sa_handler
        }
        return readEnd
    }

    /// True when a resize arrived since the last call (drains the pipe).
    static func take() -> Bool {
        var byte: UInt8 = 0
        var any = false
        while readEnd >= 0, read(readEnd, &byte, 1) == 1 { any = true }
        return any
    }

    /// The terminal's size as the kernel knows it now.
    static func currentSize() -> (rows: Int32, columns: Int32)? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else { return nil }
        return (Int32(size.ws_row), Int32(size.ws_col))
    }
}
