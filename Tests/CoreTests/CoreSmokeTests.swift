import Testing
@testable import Core

@Test func coreModuleLinks() {
    #expect("\(CoreModule.self)" == "CoreModule")
}
