// dash-bench: the dashboard's in-process costs on a real store (driven by scripts/bench-dash).
//   dash-bench WORKSPACE [KEYS]
// Prints: load, adapt, first render, key→frame (update + render at 120×40) p50/p99/max, and the first History of
// every decision (H) and the first Board of every convoy (b) after a one-molecule write.
import Dashboard
import Foundation
import Screen
import Store

func milliseconds(_ start: DispatchTime, _ end: DispatchTime) -> Double {
    Double(end.uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000
}

/// This process's resident memory now (`VmRSS`), in MB: what the loaded store and the snapshot hold.
func residentMegabytes() -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
    let fields = line?.split { $0 == " " || $0 == "\t" } ?? []
    let kilobytes = fields.count > 1 ? Double(fields[1]) ?? 0 : 0
    return kilobytes / 1024
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: dash-bench WORKSPACE [KEYS]\n".utf8))
    exit(2)
}
let keyCount = arguments.count >= 3 ? Int(arguments[2]) ?? 5000 : 5000
let layout = StoreLayout(workspace: arguments[1])
let store = BeadsStore(layout: layout, formulas: StoreFormulas.source(for: layout, environment: [:]))
let now = Date()

let t0 = DispatchTime.now()
let loaded = store.loadAll()
let t1 = DispatchTime.now()
let residentLoaded = residentMegabytes()
var workspaceIndex = WorkspaceIndex(loaded, root: layout.workspace)
let snapshot = workspaceIndex.currentSnapshot()
let t2 = DispatchTime.now()
let residentAdapted = residentMegabytes()
var state = DashboardState(snapshot: snapshot, loadedAt: now)
state = Dashboard.update(state, .resized(width: 120, height: 40)).0
let frame = Dashboard.render(state, width: 120, height: 40, now: now)
let t3 = DispatchTime.now()

let molecules = snapshot.convoys.reduce(0) { $0 + $1.molecules.count }
print(
    "workspace: \(snapshot.convoys.count) convoys, \(molecules) molecules, \(snapshot.approvals.count) awaiting, \(snapshot.errors.count) load errors"
)
print(String(format: "load (store.loadAll):     %8.1f ms", milliseconds(t0, t1)))
print(String(format: "adapt (to snapshot):      %8.1f ms", milliseconds(t1, t2)))
print(String(format: "first render 120x40:      %8.2f ms", milliseconds(t2, t3)))
print(String(format: "first frame (in-process): %8.1f ms", milliseconds(t0, t3)))
print(String(format: "resident after load:      %8.1f MB", residentLoaded))
print(
    String(
        format: "resident + snapshot:      %8.1f MB (%.0f bytes a molecule)", residentAdapted,
        (residentAdapted - residentLoaded) * 1_048_576 / Double(max(molecules, 1))))
_ = frame

// A reviewer's session: move, open, scroll, go back, switch views, filter and clear; the Board (cells, a cell's
// molecules) and the History (every decision, filtered by reviewer and text), back and forward.
let script: [Key] = [
    .character("j"), .character("j"), .enter, .character("j"), .character("j"), .character("s"),
    .pageDown, .enter, .character("j"), .character("G"), .escape, .character("g"), .escape,
    .tab, .character("j"), .character("j"), .enter, .escape, .tab, .character("/"),
    .character("0"), .character("4"), .backspace, .escape, .character("G"), .character("k"),
    .character("b"), .character("l"), .character("l"), .character("j"), .enter, .character("j"), .escape,
    .character("H"), .character("j"), .pageDown, .character("/"), .character("b"), .character("o"),
    .character("b"), .enter, .character("G"), .character("/"), .control("u"), .character("m"),
    .character("o"), .character("c"), .character("k"), .escape, .character("["), .character("["),
    .character("]"), .tab, .tab, .tab,
]
var timings: [Double] = []
timings.reserveCapacity(keyCount)
/// The slowest key of each kind and view, to say where the time goes.
var slowest: [String: Double] = [:]
var index = 0
while timings.count < keyCount {
    let key = script[index % script.count]
    index += 1
    let start = DispatchTime.now()
    let (next, _) = Dashboard.update(state, .key(key))
    state = next
    let screen = Dashboard.render(state, width: 120, height: 40, now: now)
    let end = DispatchTime.now()
    precondition(screen.height == 40)
    timings.append(milliseconds(start, end))
    let name = "\(key) in \(state.route)"
    slowest[name] = max(slowest[name] ?? 0, milliseconds(start, end))
}
timings.sort()
print(
    String(
        format: "key→frame over %d keys:   p50 %.3f ms  p99 %.3f ms  max %.3f ms", keyCount,
        percentile(timings, 0.5), percentile(timings, 0.99), timings.last ?? 0))
print(
    "slowest keys: "
        + slowest.sorted { $0.value > $1.value }.prefix(5).map { $0.key + String(format: " %.1f ms", $0.value) }
        .joined(separator: ", "))

// A reviewer who presses H (or b) after each write: an agent writes one molecule (an input added, as a rewrite of its
// file would bring), the snapshot is published as the dashboard's reload publishes it, and the first H and the
// first b that follow are timed (update + render), from the convoy list. Both views were opened before the first write.
@MainActor func time(_ keys: [Key]) -> Double {
    let start = DispatchTime.now()
    for key in keys {
        state = Dashboard.update(state, .key(key)).0
        _ = Dashboard.render(state, width: 120, height: 40, now: now)
    }
    return milliseconds(start, DispatchTime.now())
}
// A fresh snapshot of the same workspace (nothing computed for it yet), on the convoy list.
state = DashboardState(snapshot: workspaceIndex.snapshot, loadedAt: now)
state = Dashboard.update(state, .resized(width: 120, height: 40)).0
/// Back to the convoy list (the Board and the History are tabs: `[` goes back to the place before).
@MainActor func backToConvoys() {
    _ = time([.character("[")])
    precondition("\(state.route)" == "convoys", "not back on the convoy list: \(state.route)")
}
let firstH = time([.character("H")])
backToConvoys()
let firstBoard = time([.character("b")])
backToConvoys()
var afterWrite: (history: [Double], board: [Double], write: [Double]) = ([], [], [])
let written = loaded.molecules.sorted { $0.name < $1.name }
for round in 0..<10 {
    var molecule = written[(round * 7919) % max(written.count, 1)]
    molecule.file?.inputs.append("bench-write-\(round).md")
    let start = DispatchTime.now()
    workspaceIndex.replace(molecule: molecule)
    state = Dashboard.update(state, .loaded(workspaceIndex.currentSnapshot(), at: now)).0
    _ = Dashboard.render(state, width: 120, height: 40, now: now)
    afterWrite.write.append(milliseconds(start, DispatchTime.now()))
    if round % 2 == 0 {
        afterWrite.history.append(time([.character("H")]))
    } else {
        afterWrite.board.append(time([.character("b")]))
    }
    backToConvoys()
}
func medianAndMax(_ values: [Double]) -> String {
    let sorted = values.sorted()
    return String(format: "median %.2f ms  max %.2f ms", sorted[sorted.count / 2], sorted.last ?? 0)
}
print(String(format: "first H (History of every decision): %.2f ms", firstH))
print(String(format: "first b (Board of every convoy):     %.2f ms", firstBoard))
print("write → frame (one molecule, 10 writes): " + medianAndMax(afterWrite.write))
print("first H after a write (5 writes):     " + medianAndMax(afterWrite.history))
print("first b after a write (5 writes):     " + medianAndMax(afterWrite.board))
