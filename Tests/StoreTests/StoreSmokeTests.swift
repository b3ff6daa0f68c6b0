import Testing
@testable import Store

@Test func storeModuleLinks() {
    #expect("\(StoreModule.self)" == "StoreModule")
}
