import Dispatch
import Store

/// Tells which store paths changed, as they change: the dashboard's `TreeWatcher` (inotify) on `.beads/`, read
/// when the kernel says its descriptor is readable, so nothing is polled. (Where the kernel refuses inotify, the
/// watcher's fallback compares the tree's fingerprint once a second, as the dashboard does.)
final class ResourceWatch: @unchecked Sendable {
    // Confined to `queue`.
    private let watcher: TreeWatcher
    private let queue = DispatchQueue(label: "gastown.mcp.watch")
    private var source: (any DispatchSourceProtocol)?

    /// `changed` gets the changed paths, or nil when everything may have changed (events were dropped).
    init(beads: String, changed: @escaping @Sendable (Set<String>?) -> Void) {
        watcher = TreeWatcher(root: beads)
        queue.sync {
            if let descriptor = watcher.descriptor {
                let read = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
                read.setEventHandler { [watcher] in
                    let paths = watcher.drainEvents()
                    if paths.map({ !$0.isEmpty }) ?? true { changed(paths) }
                }
                source = read
            } else {
                let timer = DispatchSource.makeTimerSource(queue: queue)
                timer.schedule(deadline: .now() + 1, repeating: 1)
                timer.setEventHandler { [watcher] in if watcher.pollForChanges() { changed(nil) } }
                source = timer
            }
            source?.resume()
        }
    }

    deinit { source?.cancel() }
}
