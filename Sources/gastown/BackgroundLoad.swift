import Dashboard
import Foundation
import Store
#if canImport(Glibc)
import Glibc
#endif

/// The molecules of every convoy, loaded on a background thread convoy by convoy and adapted
/// for the dashboard there too (on every core), so the run loop only files finished rows. Each
/// loaded convoy is queued and announced by one byte on a pipe, so the run loop's poll() wakes
/// up, takes the batches and stays free for keys in between. A convoy is read only once the
/// `WatchGate` lets it through (its folder is watched), and its convoy.toml is read again then.
final class BackgroundLoad: @unchecked Sendable {
    /// Readable when batches are waiting (poll it with the keyboard).
    let descriptor: Int32
    private let writeEnd: Int32
    private let lock = NSLock()
    private var batches: [(convoy: ConvoyState, molecules: LoadedConvoy)] = []
    private var finished = false
    private var cancelled = false

    let gate: WatchGate

    init(store: BeadsStore, convoys: [String], gate: WatchGate) {
        self.gate = gate
        var ends: [Int32] = [0, 0]
        if pipe(&ends) != 0 { ends = [-1, -1] }
        descriptor = ends[0]
        writeEnd = ends[1]
        if descriptor >= 0 { _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) }
        let thread = Thread { [self] in
            // Whatever is watched by now in one go (the store loads it in growing groups), then the rest.
            var next = 0
            var going = true
            while going, next < convoys.count {
                let end = next + gate.readable(convoys[next...])
                store.loadMolecules(ofConvoys: Array(convoys[next..<end])) { convoy, molecules in
                    going = self.deliver((store.loadConvoy(convoy), Self.adapt(convoy: convoy, molecules: molecules)))
                    return going
                }
                next = end
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

    /// One convoy's molecules adapted on every core (each molecule is independent work).
    private static func adapt(convoy: String, molecules: [MoleculeState]) -> LoadedConvoy {
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, molecules.count / 8)
        guard workers > 1 else { return LoadedConvoy(convoy: convoy, parts: [AdaptedMolecules(molecules)]) }
        let chunk = (molecules.count + workers - 1) / workers
        let parts = AdaptedParts(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            parts.set(worker, AdaptedMolecules(molecules[worker * chunk..<min(molecules.count, (worker + 1) * chunk)]))
        }
        return LoadedConvoy(convoy: convoy, parts: parts.values())
    }

    private func deliver(_ loaded: (convoy: ConvoyState, molecules: LoadedConvoy)) -> Bool {
        let keepGoing = lock.withLock {
            batches.append(loaded)
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

/// One slot per adapting worker, each written by exactly one worker.
private final class AdaptedParts: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [AdaptedMolecules?]
    init(count: Int) { parts = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ part: AdaptedMolecules) { lock.withLock { parts[index] = part } }
    func values() -> [AdaptedMolecules] { lock.withLock { parts.compactMap { $0 } } }
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
