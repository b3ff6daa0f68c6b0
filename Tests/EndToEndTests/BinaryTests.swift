import Foundation
import TestSupport
import Testing

@Test func helpListsTheToolsPurpose() throws {
    let process = Process()
    process.executableURL = BuiltProducts.gastown
    process.arguments = ["--help"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(String(decoding: data, as: UTF8.self).contains("convoys"))
}
