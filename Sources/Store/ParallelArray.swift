import Foundation

/// An array whose elements are made on every core, each written in place into the array's own storage: no slot
/// per element to copy out afterwards (10,000 molecule states are some megabytes, copied on one core).
enum ParallelArray {
    /// `[make(0), make(1), …]`, made by one worker per core, each taking the next `batch` indices as it is free.
    static func make<Element>(count: Int, batch: Int, _ make: (Int) -> Element) -> [Element] {
        guard count > 1 else { return (0..<count).map(make) }
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, count)
        return withoutActuallyEscaping(make) { make in
            [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
                let storage = Storage(buffer)
                let queue = WorkQueue(count: count, batch: batch)
                let make = UncheckedSendable(make)
                DispatchQueue.concurrentPerform(iterations: workers) { _ in
                    while let range = queue.next() {
                        for index in range { storage.initialize(index, to: make.value(index)) }
                    }
                }
                initialized = count
            }
        }
    }

    /// The array's storage, written by the workers: each index exactly once, by one worker.
    private final class Storage<Element>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Element>
        init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
        func initialize(_ index: Int, to value: Element) { (buffer.baseAddress! + index).initialize(to: value) }
    }

    /// The caller's closure, called from the workers (the callers' loads are safe to run in parallel).
    private struct UncheckedSendable<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
}

/// Indices `0..<count` handed out in batches to parallel workers.
final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private let count: Int
    private let batch: Int

    init(count: Int, batch: Int) {
        self.count = count
        self.batch = batch
    }

    func next() -> Range<Int>? {
        lock.lock()
        defer { lock.unlock() }
        guard nextIndex < count else { return nil }
        let range = nextIndex..<min(count, nextIndex + batch)
        nextIndex = range.upperBound
        return range
    }
}
