import Dashboard
import Foundation
import Screen
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// The dashboard's run loop: the only place where the pure model meets the terminal and the store.
/// Each source of events has its handler (a key, a resize, a file change, loading progress); `run` is
/// the thin poll() loop that feeds them, so tests drive the same handlers with a fake `TerminalPort`.
/// Idle means blocked in poll() on the keyboard, the watcher, the resize and the signal pipes.
public final class DashboardRunner {
    public private(set) var state: DashboardState
    /// True once the user quit or a termination signal arrived.
    public private(set) var isFinished = false

    private let port: any TerminalPort
    private let source: any WorkspaceSource
    private let clock: () -> Date
    private var watcher: TreeWatcher?
    /// Convoy folders still to watch, a few per turn while the molecules load.
    private var lateWatches: ArraySlice<(convoy: String, directory: String)> = []
    /// When the changes seen so far are reloaded (a burst of events is coalesced).
    private var reloadDue: Date?
    /// The paths changed since the last reload; nil when everything must be reloaded.
    private var changedPaths: Set<String>? = []
    /// The last fingerprint check of a watcher that fell back to polling.
    private var lastPoll: Date

    /// How the dashboard starts: colours, `--bell`, `--approvals` (on the reviewer's queue).
    public struct Options: Sendable {
        public var colors: Bool
        public var bell: Bool
        public var approvals: Bool
        public init(colors: Bool, bell: Bool = false, approvals: Bool = false) {
            self.colors = colors
            self.bell = bell
            self.approvals = approvals
        }
    }

    /// The window title last set (set again only when it changes).
    private var title: String?
    /// Runs `$PAGER` and `$EDITOR` with the terminal lent to them.
    private let programs: ExternalPrograms

    public convenience init(
        port: any TerminalPort, source: any WorkspaceSource, colors: Bool, clock: @escaping () -> Date = Date.init
    ) {
        self.init(port: port, source: source, options: Options(colors: colors), clock: clock)
    }

    public init(
        port: any TerminalPort, source: any WorkspaceSource, options: Options, clock: @escaping () -> Date = Date.init,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.port = port
        self.source = source
        self.clock = clock
        programs = ExternalPrograms(environment: environment)
        state = DashboardState(colors: options.colors)
        state.bell = options.bell
        if options.approvals {
            state.onlyMine = true
            state.place = Place(tab: .approvals, route: .approvals, backStack: [])
            state.jumps = [state.place]
        }
        lastPoll = clock()
    }

    /// Shows the dashboard until the user quits or a termination signal arrives.
    public func run() {
        start()
        while !isFinished { turn() }
    }

    /// A frame at once ("loading…" in the title bar), then the convoys, then each convoy's molecules
    /// as the background load delivers them (`loadProgressed`).
    func start() {
        resized()
        paint()
        show(source.beginLoad(now: clock()))
        paint()
        // Watch before reading anything again, so nothing written during the load is missed.
        // Thousands of watches take a while: all but the convoys' folders first; those a few at a
        // time between keys (`watchLateConvoys`) while the molecules load, the loader reading each
        // convoy only once it is watched.
        watcher = source.watchedDirectory.map {
            TreeWatcher(root: $0, deferring: Set(source.lateWatches.map(\.directory)))
        }
        lateWatches = watcher == nil ? [] : source.lateWatches[...]
        show(source.continueLoad(now: clock()))
        if lateWatches.isEmpty { source.watchStarted(convoy: nil) }
        paint()
    }

    /// One wake-up: waits in poll() for the terminal, the watcher, the background load or the clock,
    /// hands what came to its handler, and paints when anything changed.
    func turn() {
        var descriptors = port.inputDescriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        func add(_ descriptor: Int32?) -> Int? {
            guard let descriptor else { return nil }
            descriptors.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0))
            return descriptors.count - 1
        }
        let watching = add(watcher?.descriptor)
        let loading = add(source.loadDescriptor)
        let timeout = pollTimeout(loading: loading != nil)
        // Nothing ready within the timeout: repaint for the clock (the freshness indicator).
        var changed = poll(&descriptors, nfds_t(descriptors.count), timeout) == 0 && timeout > 0
        func isReadable(_ index: Int?) -> Bool { index.map { descriptors[$0].revents & Int16(POLLIN) != 0 } ?? false }

        for input in port.readInput() {
            changed = true
            handle(input)
            if isFinished { return }
        }
        if isReadable(watching), let watcher {
            filesChanged(watcher.drainEvents())
        } else {
            pollTreeIfDue()
        }
        watchLateConvoys()
        if isReadable(loading) { changed = loadProgressed() || changed }
        changed = reloadIfDue() || changed
        // A wake-up that changed nothing (a load batch kept for the next frame, a temporary
        // file's event) draws nothing.
        if changed { paint() }
    }

    /// How long poll() may wait: until the coalesced changes are due, not at all while convoys wait
    /// for their watches, otherwise a second (the clock in the title bar).
    private func pollTimeout(loading: Bool) -> Int32 {
        if !lateWatches.isEmpty { return 0 }
        // Changes seen during the background load wait for its end (the load may still
        // deliver an older copy of what changed).
        if let due = reloadDue, !loading { return max(0, Int32(due.timeIntervalSince(clock()) * 1000)) }
        return 1000
    }

    func paint() {
        port.paint(Dashboard.render(state, width: port.width, height: port.height, now: clock()))
        // OSC 2: `gastown (N awaiting)`, N the checkpoints the reviewer may decide.
        if state.loadedAt != nil, state.snapshot.loadingCount == 0, state.windowTitle != title {
            title = state.windowTitle
            port.setTitle(state.windowTitle)
        }
    }

    // MARK: - Handlers

    /// A key, a resize or a termination signal from the terminal.
    func handle(_ input: TerminalInput) {
        switch input {
        case .interrupt: isFinished = true
        case .resize: resized()
        case .key(let key): press(key)
        case .mouse(let event):
            let (next, effects) = Dashboard.update(state, .mouse(event))
            state = next
            perform(effects)
        case .suspend: suspendToShell()
        }
    }

    func press(_ key: Key) {
        let (next, effects) = Dashboard.update(state, .key(key))
        state = next
        perform(effects)
    }

    /// The terminal has a new size.
    func resized() {
        state = Dashboard.update(state, .resized(width: port.width, height: port.height)).0
    }

    /// The watcher saw `paths` change (nil: it lost events, so everything may have): they are reloaded
    /// together shortly, once the burst of events one write makes (temporary file, rename, directory
    /// fsync) is over.
    func filesChanged(_ paths: Set<String>?) {
        if let paths, paths.isEmpty { return }
        if reloadDue == nil { reloadDue = clock().addingTimeInterval(0.02) }
        if let paths, changedPaths != nil {
            changedPaths!.formUnion(paths)
        } else {
            changedPaths = nil
        }
    }

    /// A watcher without inotify compares the tree's fingerprint once a second.
    private func pollTreeIfDue() {
        guard let watcher, watcher.isPolling, clock().timeIntervalSince(lastPoll) >= 1 else { return }
        lastPoll = clock()
        if watcher.pollForChanges() {
            reloadDue = clock()
            changedPaths = nil
        }
    }

    /// Adds the deferred convoy watches, about 10 ms of them per turn so keys stay answered.
    private func watchLateConvoys() {
        guard let watcher, !lateWatches.isEmpty else { return }
        let turnEnds = Date().addingTimeInterval(0.01)
        while let next = lateWatches.first, !watcher.isPolling, Date() < turnEnds {
            lateWatches.removeFirst()
            watcher.watch(subtree: next.directory)
            source.watchStarted(convoy: next.convoy)
        }
        if watcher.isPolling { lateWatches = [] }
        if lateWatches.isEmpty { source.watchStarted(convoy: nil) }
    }

    /// The background load delivered molecules; true when there is a new snapshot to show.
    func loadProgressed() -> Bool {
        guard let snapshot = source.takeLoaded() else { return false }
        show(snapshot)
        return true
    }

    /// Reloads the changed paths once they are due and no background load runs; true when it did.
    func reloadIfDue() -> Bool {
        guard let due = reloadDue, due <= clock(), source.loadDescriptor == nil else { return false }
        reload(changed: changedPaths)
        reloadDue = nil
        changedPaths = []
        return true
    }

    /// Ctrl-Z: the shell gets the terminal until `fg`; then everything is drawn again.
    private func suspendToShell() {
        port.suspendToShell()
        resized()
        title = nil
    }

    // MARK: - Effects

    /// Carries out what the model asked for; a quit ends the loop.
    private func perform(_ effects: [Effect]) {
        var queue = effects
        var decided = false
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            switch effect {
            case .quit:
                isFinished = true
                return
            case .reload:
                // After our own decision the source has already refreshed that molecule.
                reload(changed: decided ? [] : nil)
            case .approve(let request), .reject(let request):
                let approve: Bool
                if case .approve = effect { approve = true } else { approve = false }
                let outcome = source.decide(request, approve: approve, now: clock(), terminal: port)
                decided = true
                let (next, more) = Dashboard.update(state, .decided(outcome))
                state = next
                queue += more
            case .markRead(let id):
                if let problem = source.markRead(id) {
                    state = Dashboard.update(state, .decided(.refused("Could not mark \(id) read: " + problem))).0
                }
            case .copy(let text): port.copyToClipboard(text)
            case .bell: port.bell()
            case .suspendToShell: suspendToShell()
            case .page(let title, let lines):
                if let problem = port.suspended({ programs.page(title: title, lines: lines) }) {
                    state = Dashboard.update(state, .notice(problem, isError: true)).0
                }
            case .edit(let convoy, let molecule):
                let outcome = programs.edit(
                    convoy: convoy, molecule: molecule, source: source, port: port, now: clock())
                state = Dashboard.update(state, .edited(outcome)).0
                if case .written = outcome { reload(changed: []) }
            }
        }
    }

    /// Full reload (R), or only what changed (watcher, a decision of ours).
    private func reload(changed: Set<String>?) {
        // A full reload (R) while the first load runs: that load is already the freshest.
        if changed == nil, source.loadDescriptor != nil { return }
        show(source.reload(changed: changed, now: clock()))
    }

    private func show(_ snapshot: WorkspaceSnapshot) {
        let (next, effects) = Dashboard.update(state, .loaded(snapshot, at: clock()))
        state = next
        // A checkpoint the reviewer may decide started awaiting: the bell (`--bell`).
        perform(effects)
    }
}
