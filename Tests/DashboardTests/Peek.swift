import Foundation
import Testing
@testable import Dashboard

@Test func peek() {
    let now = Date(timeIntervalSince1970: 1_767_600_000)
    var state = DashboardState(snapshot: SampleWorkspace.snapshot(now: now), loadedAt: now - 3)
    func show(_ w: Int, _ h: Int) { print(Dashboard.render(state, width: w, height: h, now: now).lines.joined(separator: "\n")); print(String(repeating: "=", count: w)) }
    show(80, 24)
    state = Dashboard.update(state, .key(.enter)).0
    show(80, 24)
    state = Dashboard.update(state, .key(.character("j"))).0
    state = Dashboard.update(state, .key(.enter)).0
    show(80, 24)
    state = Dashboard.update(state, .key(.tab)).0
    show(80, 24)
    state = Dashboard.update(state, .key(.character("r"))).0
    for c in "too slow" { state = Dashboard.update(state, .key(.character(c))).0 }
    show(80, 24)
    state = Dashboard.update(state, .key(.escape)).0
    state = Dashboard.update(state, .key(.character("?"))).0
    show(80, 24)
}
