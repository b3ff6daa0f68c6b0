import Dashboard
import Foundation
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// The molecules of every convoy, loaded in the background by two loaders that take one convoy
/// at a time in list order (sharing one `MoleculeLoad`), and adapted for the dashboard on another thread as they
/// come, so the run loop only files finished rows and the loaders never wait for the adapting.
/// Each adapted convoy is queued and announced by one byte on a pipe, so the run loop's poll()
/// wakes up, takes the batches and stays free for keys in between. A convoy is read only once
/// the `WatchGate` lets it through (its folder is watched), and its convoy.toml is read again then.
final class BackgroundLoad: @unchecked Sendable {
    /// Readable when batches are waiting (poll it with the keyboard).
    let descriptor: Int32
    private let writeEnd: Int32
    private let lock = NSLock()
    private var batches: [(convoy: ConvoyState, molecules: LoadedConvoy)] = []
    private var finished = false
    private var cancelled = false
    /// Loaded convoys waiting to be adapted, and whether the loader is done.
    private let loaded = NSCondition()
    private var toAdapt: [(convoy: ConvoyState, molecules: [MoleculeState])] = []
    private var loaderDone = false

    let gate: WatchGate

    init(store: BeadsStore, convoys: [String], gate: WatchGate) {
        self.gate = gate
        var ends: [Int32] = [0, 0]
        if pipe(&ends) != 0 { ends = [-1, -1] }
        descriptor = ends[0]
        writeEnd = ends[1]
        if descriptor >= 0 { _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) }
        // One load for every convoy: the trust pins, formulas and signature cache read once, not per few convoys.
        let load = MoleculeLoad(store)
        let loader = Thread { [self] in
            // Two loaders take the convoys one at a time, in list order, each loading its convoy's molecules on
            // its own thread: neither waits for the other, as they would at the end of each part if every part
            // were loaded on all cores.
            let chunks = ChunkQueue(count: convoys.count, first: 1, size: 1)
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                while let range = chunks.next(), !lock.withLock({ cancelled }) {
                    gate.waitForAll(convoys[range])
                    for convoy in convoys[range] where !lock.withLock({ cancelled }) {
                        let molecules = load.molecules(ofConvoy: convoy)
                        let state = store.loadConvoy(convoy)
                        loaded.withLock { toAdapt.append((state, molecules)) }
                        loaded.signal()
                    }
                }
            }
            loaded.withLock { loaderDone = true }
            loaded.signal()
        }
        let adapter = Thread { [self] in
            while let next = nextToAdapt(), !lock.withLock({ cancelled }) {
                deliver((next.convoy, LoadedConvoy(convoy: next.convoy.name, molecules: next.molecules)))
            }
            lock.withLock { finished = true }
            wake()
        }
        for thread in [loader, adapter] {
            thread.stackSize = 1 << 22
            thread.start()
        }
    }

    /// The next loaded convoy, waiting for the loader; nil when it is done and everything is adapted.
    private func nextToAdapt() -> (convoy: ConvoyState, molecules: [MoleculeState])? {
        loaded.withLock {
            while toAdapt.isEmpty && !loaderDone { loaded.wait() }
            return toAdapt.isEmpty ? nil : toAdapt.removeFirst()
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if writeEnd >= 0 { close(writeEnd) }
    }

    /// Stops after the convoy being loaded (the thread keeps the pipe until it ends).
    func cancel() {
        gate.openAll()
        lock.withLock { cancelled = true }
    }

    /// The batches loaded so far, and whether the load is over.
    func take() -> (batches: [(convoy: ConvoyState, molecules: LoadedConvoy)], finished: Bool) {
        var byte: UInt8 = 0
        while descriptor >= 0, read(descriptor, &byte, 1) > 0 {}
        return lock.withLock {
            defer { batches = [] }
            return (batches, finished)
        }
    }

    private func deliver(_ adapted: (convoy: ConvoyState, molecules: LoadedConvoy)) {
        lock.withLock { batches.append(adapted) }
        wake()
    }

    private func wake() {
        var byte: UInt8 = 1
        if writeEnd >= 0 { _ = write(writeEnd, &byte, 1) }
    }
}

/// Convoy folders watched after the load started (a large tree takes a while to watch): the
/// loader waits for a convoy's watch before reading it, so no write in between goes unseen.
final class WatchGate: @unchecked Sendable {
    private let condition = NSCondition()
    private let deferred: Set<String>
    private var watched = Set<String>()
    private var isOpen: Bool

    /// `deferred`: the convoys whose folders are not watched yet (none: the gate is open).
    init(deferred: [String]) {
        self.deferred = Set(deferred)
        isOpen = deferred.isEmpty
    }

    func watched(_ convoy: String) {
        condition.withLock { _ = watched.insert(convoy) }
        condition.broadcast()
    }

    /// Everything may be read (all watched, or the watcher fell back to polling, or the load is cancelled).
    func openAll() {
        condition.withLock { isOpen = true }
        condition.broadcast()
    }

    /// Waits until every one of `convoys` may be read.
    func waitForAll(_ convoys: ArraySlice<String>) {
        condition.withLock {
            while !isOpen && convoys.contains(where: { deferred.contains($0) && !watched.contains($0) }) {
                condition.wait()
            }
        }
    }

}

/// Consecutive ranges of convoy indexes handed to whichever loader asks first.
final class ChunkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private let count: Int
    private let size: Int
    private var start = 0
    private var isFirst = true
    private let first: Int

    init(count: Int, first: Int, size: Int) {
        self.count = count
        self.first = first
        self.size = size
    }

    func next() -> Range<Int>? {
        lock.withLock {
            guard start < count else { return nil }
            let end = min(count, start + (isFirst ? first : size))
            isFirst = false
            defer { start = end }
            return start..<end
        }
    }
}
