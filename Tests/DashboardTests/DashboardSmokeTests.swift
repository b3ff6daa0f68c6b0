import Testing
@testable import Dashboard

@Test func dashboardModuleLinks() {
    #expect("\(DashboardModule.self)" == "DashboardModule")
}
