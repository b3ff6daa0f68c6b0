import Foundation
import Store
#if canImport(Glibc)
import Glibc
#endif

/// The molecules of every convoy, loaded on a background thread convoy by convoy. Each loaded
/// convoy is queued and announced by one byte on a pipe, so the run loop's poll() wakes up,
/// takes the batches and stays free for keys in between.
final class BackgroundLoad: @unchecked Sendable {
    /// Readable when batches are waiting (poll it with the keyboard).
    let descriptor: Int32
    private let writeEnd: Int32
    private let lock = NSLock()
    private var batches: [(convoy: String, molecules: [MoleculeState])] = []
    private var finished = false
    private var cancelled = false

    init(store: BeadsStore, convoys: [String]) {
        var ends: [Int32] = [0, 0]
        if pipe(&ends) != 0 { ends = [-1, -1] }
        descriptor = ends[0]
        writeEnd = ends[1]
        if descriptor >= 0 { _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) }
        let thread = Thread { [self] in
            store.loadMolecules(ofConvoys: convoys) { convoy, molecules in
                self.deliver(convoy: convoy, molecules: molecules)
            }
            lock.withLock { finished = true }
            wake()
        }
        thread.stackSize = 1 << 22
        thread.start()
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if writeEnd >= 0 { close(writeEnd) }
    }

    /// Stops after the convoy being loaded (the thread keeps the pipe until it ends).
    func cancel() {
        lock.withLock { cancelled = true }
    }

    /// The batches loaded so far, and whether the load is over.
    func take() -> (batches: [(convoy: String, molecules: [MoleculeState])], finished: Bool) {
        var byte: UInt8 = 0
        while descriptor >= 0, read(descriptor, &byte, 1) > 0 {}
        return lock.withLock {
            defer { batches = [] }
            return (batches, finished)
        }
    }

    private func deliver(convoy: String, molecules: [MoleculeState]) -> Bool {
        let keepGoing = lock.withLock {
            batches.append((convoy, molecules))
            return !cancelled
        }
        wake()
        return keepGoing
    }

    private func wake() {
        var byte: UInt8 = 1
        if writeEnd >= 0 { _ = write(writeEnd, &byte, 1) }
    }
}
