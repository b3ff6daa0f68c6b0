import Testing
@testable import Store

@Test func layoutTrimsTrailingSlashes() {
    #expect(StoreLayout(workspace: "/w/").beads == "/w/.beads")
}
