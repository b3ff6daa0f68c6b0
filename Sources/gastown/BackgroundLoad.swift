import Dashboard
import Foundation
import Store
#if canImport(Glibc)
import Glibc
#endif

/// The molecules of every convoy, loaded on a background thread convoy by convoy (on every core)
/// and adapted for the dashboard on a second thread as they come, so the run loop only files
/// finished rows and the loading cores never wait for the adapting. Each adapted convoy is
/// queued and announced by one byte on a pipe, so the run loop's poll() wakes up, takes the
/// batches and stays free for keys in between. A convoy is read only once the `WatchGate` lets
/// it through (its folder is watched), and its convoy.toml is read again then.
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
        let loader = Thread { [self] in
            // Whatever is watched by now in one go (the store loads it in growing groups), then the rest.
            var next = 0
            var going = true
            while going, next < convoys.count {
                let end = next + gate.readable(convoys[next...])
                store.loadMolecules(ofConvoys: Array(convoys[next..<end])) { convoy, molecules in
                    let state = store.loadConvoy(convoy)
                    loaded.withLock { toAdapt.append((state, molecules)) }
                    loaded.signal()
                    going = !lock.withLock { cancelled }
                    return going
                }
                next = end
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

    /// How many of `convoys`, from the first, may be read now; waits until at least one may.
    func readable(_ convoys: ArraySlice<String>) -> Int {
        condition.withLock {
            while true {
                if isOpen { return convoys.count }
                let count = convoys.prefix { !deferred.contains($0) || watched.contains($0) }.count
                if count > 0 || convoys.isEmpty { return count }
                condition.wait()
            }
        }
    }
}
