#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive advisory lock (flock) on a lock file, taken with a deadline.
///
/// flock locks belong to the open file: the kernel drops them when the process dies,
/// even by SIGKILL, so a crashed writer never leaves a molecule locked.
public enum FileLock {
    /// How long a writer waits for another before giving up with a clear error.
    public static let defaultTimeout: Double = 30

    /// Runs `body` holding the lock at `path` (created if missing); the lock is
    /// released on every path out, including a thrown error.
    public static func withLock<T>(
        _ path: String, timeout: Double = defaultTimeout, _ body: () throws(StoreError) -> T
    ) throws(StoreError) -> T {
        try Confinement.check(path)
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SystemError.io("cannot open lock file \(path)") }
        defer { close(fd) }
        let deadline = monotonicSeconds() + timeout
        var pause: Int = 100_000  // nanoseconds, doubled up to 2 ms (short: waiters should not idle)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno != EWOULDBLOCK && errno != EINTR {
                throw SystemError.io("cannot lock \(path)")
            }
            if monotonicSeconds() >= deadline {
                throw StoreError(
                    .lockTimeout,
                    "timed out after \(Int(timeout))s waiting for the lock \(path) (another gastown process holds it)")
            }
            var delay = timespec(tv_sec: 0, tv_nsec: pause)
            nanosleep(&delay, nil)
            pause = min(pause * 2, 2_000_000)
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
