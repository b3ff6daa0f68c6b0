import Foundation
import Testing

@testable import DashboardRuntime

@Suite struct WatchGateTests {
    /// Runs `waitForAll(convoys)` on a thread; the semaphore is signalled when it returns.
    func waiter(_ gate: WatchGate, _ convoys: [String]) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        Thread {
            gate.waitForAll(convoys[...])
            done.signal()
        }.start()
        return done
    }

    @Test func withNothingDeferredEveryConvoyMayBeReadAtOnce() {
        let gate = WatchGate(deferred: [])
        #expect(waiter(gate, ["a", "b"]).wait(timeout: .now() + 10) == .success)
    }

    @Test func aConvoyThatIsNotDeferredIsNotHeldBack() {
        let gate = WatchGate(deferred: ["late"])
        #expect(waiter(gate, ["early", "other"]).wait(timeout: .now() + 10) == .success)
    }

    @Test func aDeferredConvoyWaitsForItsWatch() {
        let gate = WatchGate(deferred: ["a", "b"])
        let done = waiter(gate, ["a"])
        #expect(done.wait(timeout: .now() + 0.05) == .timedOut)
        gate.watched("b")
        #expect(done.wait(timeout: .now() + 0.05) == .timedOut)
        gate.watched("a")
        #expect(done.wait(timeout: .now() + 10) == .success)
    }

    @Test func aGroupWaitsForEveryOneOfItsDeferredConvoys() {
        let gate = WatchGate(deferred: ["a", "b", "c"])
        let done = waiter(gate, ["a", "b", "x"])
        gate.watched("a")
        #expect(done.wait(timeout: .now() + 0.05) == .timedOut)
        gate.watched("b")
        #expect(done.wait(timeout: .now() + 10) == .success)
    }

    @Test func openingTheGateReleasesEveryWaiter() {
        let gate = WatchGate(deferred: ["a", "b"])
        let first = waiter(gate, ["a"])
        let second = waiter(gate, ["b"])
        gate.openAll()
        #expect(first.wait(timeout: .now() + 10) == .success)
        #expect(second.wait(timeout: .now() + 10) == .success)
        // And whoever asks later passes too.
        #expect(waiter(gate, ["a", "b"]).wait(timeout: .now() + 10) == .success)
    }
}

@Suite struct ChunkQueueTests {
    func drain(_ queue: ChunkQueue) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        while let next = queue.next() { ranges.append(next) }
        return ranges
    }

    @Test func theFirstChunkHasItsOwnSizeThenConsecutiveChunksFollow() {
        #expect(drain(ChunkQueue(count: 6, first: 1, size: 2)) == [0..<1, 1..<3, 3..<5, 5..<6])
        #expect(drain(ChunkQueue(count: 7, first: 3, size: 2)) == [0..<3, 3..<5, 5..<7])
    }

    @Test func fewerItemsThanTheFirstChunkMakeOneChunk() {
        #expect(drain(ChunkQueue(count: 2, first: 5, size: 2)) == [0..<2])
    }

    @Test func nothingToLoadGivesNoChunk() {
        #expect(drain(ChunkQueue(count: 0, first: 1, size: 2)) == [])
    }

    @Test func concurrentTakersGetEveryIndexExactlyOnce() {
        let queue = ChunkQueue(count: 1000, first: 1, size: 3)
        let taken = Taken()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            while let range = queue.next() { taken.append(range) }
        }
        let indexes = taken.ranges.flatMap { Array($0) }.sorted()
        #expect(indexes == Array(0..<1000))
        #expect(taken.ranges.allSatisfy { $0.count == 3 || $0 == 0..<1 || $0.upperBound == 1000 })
    }
}

/// Ranges collected from several threads.
private final class Taken: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [Range<Int>] = []
    var ranges: [Range<Int>] { lock.withLock { collected } }
    func append(_ range: Range<Int>) { lock.withLock { collected.append(range) } }
}
