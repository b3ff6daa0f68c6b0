// dash-bench: the dashboard's in-process costs on a real store (driven by scripts/bench-dash).
//   dash-bench WORKSPACE [KEYS]
// Prints: load, adapt, first render, and key→frame (update + render at 120×40) p50/p99/max.
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
let snapshot = StoreAdapter.snapshot(loaded, root: layout.workspace)
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
