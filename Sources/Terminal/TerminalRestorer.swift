@preconcurrency import CNcursesw

#if canImport(Glibc)
    import Glibc
#endif

/// Gives the terminal back when the process dies of a crash signal (a Swift trap is SIGILL or
/// SIGTRAP): end curses, then die of the same signal with the default action.
enum TerminalRestorer {
    nonisolated(unsafe) private static var installed = false

    static func install() {
        guard !installed else { return }
        installed = true
        for signalNumber in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
            signal(signalNumber) { number in
                endwin()
                signal(number, SIG_DFL)
                raise(number)
            }
        }
    }
}

/// SIGINT, SIGTERM and SIGHUP (and SIGTSTP, Ctrl-Z) turned into a readable file descriptor, so the run loop wakes
/// up in poll() and leaves through its normal path (which restores the terminal), or suspends through it.
enum SignalPipe {
    nonisolated(unsafe) private static var writeEnd: Int32 = -1
    nonisolated(unsafe) private static var readEnd: Int32 = -1

    /// The descriptor that becomes readable when a termination signal arrives.
    static func install() -> Int32 {
        if readEnd >= 0 { return readEnd }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return -1 }
        readEnd = ends[0]
        writeEnd = ends[1]
        _ = fcntl(readEnd, F_SETFL, O_NONBLOCK)
        _ = fcntl(writeEnd, F_SETFL, O_NONBLOCK)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGTSTP] { catchSignal(signalNumber) }
        // A mask inherited blocked (a parent's threads block signals, and spawned children keep the mask) would
        // leave Ctrl-C and Ctrl-Z pending for ever: the dashboard takes the signals it handles.
        var handled = sigset_t()
        sigemptyset(&handled)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT, SIGWINCH] { sigaddset(&handled, signalNumber) }
        pthread_sigmask(SIG_UNBLOCK, &handled, nil)
        return readEnd
    }

    private static func catchSignal(_ signalNumber: Int32) {
        signal(signalNumber) { number in
            var byte = UInt8(truncatingIfNeeded: number)
            _ = write(SignalPipe.writeEnd, &byte, 1)
        }
    }

    /// The signals that arrived, if any (drains the pipe).
    static func pending() -> [Int32] {
        var byte: UInt8 = 0
        var signals: [Int32] = []
        while readEnd >= 0, read(readEnd, &byte, 1) == 1 { signals.append(Int32(byte)) }
        return signals
    }

    /// Stops the process as Ctrl-Z does by default (returns after SIGCONT, `fg`), then catches SIGTSTP again.
    static func stopNow() {
        signal(SIGTSTP, SIG_DFL)
        raise(SIGTSTP)
        catchSignal(SIGTSTP)
    }
}
