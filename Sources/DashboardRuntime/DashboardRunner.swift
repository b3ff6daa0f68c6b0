import Dashboard
import Foundation
import Screen

#if canImport(Glibc)
    import Glibc
#endif

/// The dashboard's run loop: the only place where the pure model meets the terminal and the
/// store. Idle means blocked in poll() on the keyboard, the watcher, the resize and the signal pipes.
public enum DashboardRunner {
    public static func run(source: WorkspaceSource, colors: Bool, terminal: any TerminalPort) {
        // A frame at once ("loading…" in the title bar), then the convoys, then each convoy's
        // molecules as the background load delivers them.
        var state = DashboardState(colors: colors)
        state = Dashboard.update(state, .resized(width: terminal.width, height: terminal.height)).0
        terminal.paint(Dashboard.render(state, width: terminal.width, height: terminal.height, now: Date()))
        state = Dashboard.update(state, .loaded(source.beginLoad(now: Date()), at: Date())).0
        terminal.paint(Dashboard.render(state, width: terminal.width, height: terminal.height, now: Date()))
        // Watch before reading anything again, so nothing written during the load is missed.
        // Thousands of watches take a while: all but the convoys' folders first; those a few at a
        // time between keys (below) while the molecules load, the loader reading each convoy only
        // once it is watched.
        let watcher = source.watchedDirectory.map {
            TreeWatcher(root: $0, deferring: Set(source.lateWatches.map(\.directory)))
        }
        var lateWatches = watcher == nil ? [] : source.lateWatches[...]
        state = Dashboard.update(state, .loaded(source.continueLoad(now: Date()), at: Date())).0
        if lateWatches.isEmpty { source.watchStarted(convoy: nil) }
        terminal.paint(Dashboard.render(state, width: terminal.width, height: terminal.height, now: Date()))
        var reloadDue: Date?
        var changedPaths: Set<String>? = []
        var lastPoll = Date()

        /// Full reload (R), or only what changed (watcher, a decision of ours).
        func reload(changed: Set<String>?) {
            // A full reload (R) while the first load runs: that load is already the freshest.
            if changed == nil, source.loadDescriptor != nil { return }
            state = Dashboard.update(state, .loaded(source.reload(changed: changed, now: Date()), at: Date())).0
        }

        func run(_ effects: [Effect]) -> Bool {
            var queue = effects
            var decided = false
            while !queue.isEmpty {
                let effect = queue.removeFirst()
                switch effect {
                case .quit: return false
                case .reload:
                    // After our own decision the source has already refreshed that molecule.
                    reload(changed: decided ? [] : nil)
                case .approve(let request), .reject(let request):
                    let approve: Bool
                    if case .approve = effect { approve = true } else { approve = false }
                    let outcome = source.decide(request, approve: approve, now: Date())
                    decided = true
                    let (next, more) = Dashboard.update(state, .decided(outcome))
                    state = next
                    queue += more
                case .markRead(let id):
                    if let problem = source.markRead(id) {
                        state = Dashboard.update(state, .decided(.refused("Could not mark \(id) read: " + problem))).0
                    }
                }
            }
            return true
        }

        loop: while true {
            var descriptors = terminal.inputDescriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let watching = watcher?.descriptor.map { fd in
                descriptors.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0))
                return descriptors.count - 1
            }
            let loading = source.loadDescriptor.map { fd in
                descriptors.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0))
                return descriptors.count - 1
            }
            var timeout: Int32 = 1000
            // Changes seen during the background load wait for its end (the load may still
            // deliver an older copy of what changed).
            if let due = reloadDue, loading == nil { timeout = max(0, Int32(due.timeIntervalSinceNow * 1000)) }
            if !lateWatches.isEmpty { timeout = 0 }
            // Nothing ready within the timeout: repaint for the clock (the freshness indicator).
            var changed = poll(&descriptors, nfds_t(descriptors.count), timeout) == 0 && timeout > 0

            for input in terminal.readInput() {
                changed = true
                switch input {
                case .interrupt: break loop
                case .resize:
                    state = Dashboard.update(state, .resized(width: terminal.width, height: terminal.height)).0
                case .key(let key):
                    let (next, effects) = Dashboard.update(state, .key(key))
                    state = next
                    if !run(effects) { break loop }
                }
            }
            if let watcher {
                if let watching, descriptors[watching].revents & Int16(POLLIN) != 0 {
                    let changes = watcher.drainEvents()
                    if changes == nil || !(changes ?? []).isEmpty {
                        // Coalesce the burst of events one write makes (temp file, rename, directory fsync).
                        if reloadDue == nil { reloadDue = Date().addingTimeInterval(0.02) }
                        if let changes, changedPaths != nil {
                            changedPaths!.formUnion(changes)
                        } else {
                            changedPaths = nil
                        }
                    }
                } else if watcher.isPolling, Date().timeIntervalSince(lastPoll) >= 1 {
                    lastPoll = Date()
                    if watcher.pollForChanges() {
                        reloadDue = Date()
                        changedPaths = nil
                    }
                }
            }
            if let watcher, !lateWatches.isEmpty {
                // About 10 ms of watches per turn, so keys stay answered.
                let turnEnds = Date().addingTimeInterval(0.01)
                while let next = lateWatches.first, !watcher.isPolling, Date() < turnEnds {
                    lateWatches.removeFirst()
                    watcher.watch(subtree: next.directory)
                    source.watchStarted(convoy: next.convoy)
                }
                if watcher.isPolling { lateWatches = [] }
                if lateWatches.isEmpty { source.watchStarted(convoy: nil) }
            }
            if let loading, descriptors[loading].revents & Int16(POLLIN) != 0, let snapshot = source.takeLoaded() {
                state = Dashboard.update(state, .loaded(snapshot, at: Date())).0
                changed = true
            }
            if let due = reloadDue, due <= Date(), source.loadDescriptor == nil {
                reload(changed: changedPaths)
                reloadDue = nil
                changedPaths = []
                changed = true
            }
            // A wake-up that changed nothing (a load batch kept for the next frame, a temporary
            // file's event) draws nothing.
            guard changed else { continue }
            terminal.paint(Dashboard.render(state, width: terminal.width, height: terminal.height, now: Date()))
        }
    }
}
