/// Wide terminals: from 160 columns list and detail sit side by side (convoys | molecules, molecules | the
/// selected molecule); from 200 the Approvals queue is a third pane. The focused pane takes the keys; the others
/// follow its selection. Render and mouse hit-testing share this one layout.
struct Pane: Hashable {
    var route: Route
    var columns: Range<Int>
    var focused: Bool
}

enum PaneLayout {
    static let sideBySideWidth = 160
    static let approvalsPaneWidth = 200
    /// The list pane: wide enough for the Convoys table's every column.
    static let listWidth = 80

    static func panes(_ state: DashboardState, width: Int) -> [Pane] {
        let single = [Pane(route: state.route, columns: 0..<width, focused: true)]
        guard width >= sideBySideWidth else { return single }
        var routes: [(Route, Bool)]
        switch state.route {
        case .convoys:
            guard let convoy = Dashboard.selectedConvoyID(state) else { return single }
            routes = [(.convoys, true), (.convoy(convoy), false)]
        case .convoy(let id):
            guard let molecule = Dashboard.selectedMolecule(state)?.molecule else {
                routes = [(.convoy(id), true)]
                break
            }
            routes = [(.convoy(id), true), (.molecule(convoy: id, molecule: molecule), false)]
        case .molecule(let convoy, _):
            routes = [(.convoy(convoy), false), (state.route, true)]
        default:
            return single
        }
        var approvals = 0
        if width >= approvalsPaneWidth { approvals = max(56, width * 3 / 10) }
        let main = width - (approvals > 0 ? approvals + 1 : 0)
        var panes: [Pane] = []
        if routes.count == 2 {
            let left = min(listWidth, main / 2)
            panes.append(Pane(route: routes[0].0, columns: 0..<left, focused: routes[0].1))
            panes.append(Pane(route: routes[1].0, columns: (left + 1)..<main, focused: routes[1].1))
        } else {
            panes.append(Pane(route: routes[0].0, columns: 0..<main, focused: routes[0].1))
        }
        if approvals > 0 {
            panes.append(Pane(route: .approvals, columns: (main + 1)..<width, focused: false))
        }
        return panes
    }
}

extension Dashboard {
    static func selectedConvoyID(_ state: DashboardState) -> String? {
        let convoys = state.visibleConvoys
        return state.cursor < convoys.count ? convoys[state.cursor].id : nil
    }
}
