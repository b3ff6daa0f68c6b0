import Foundation
import Logging
import MCP

#if canImport(Glibc)
    import Glibc
#endif

/// Newline-delimited JSON-RPC over two file descriptors (standard input and output), read by a thread blocked in
/// read(2). The SDK's own stdio transport makes them non-blocking and sleeps 10 ms whenever nothing is there to
/// read or the pipe is full, which puts 10 ms under every answer; here a message is handled as soon as it arrives.
public actor PipeTransport: Transport {
    public nonisolated let logger = Logger(
        label: "gastown.mcp.transport", factory: { _ in SwiftLogNoOpLogHandler() })
    private let input: Int32
    private let output: Int32
    private let messages: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation
    private var connected = false

    public init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
        self.input = input
        self.output = output
        (messages, continuation) = AsyncThrowingStream.makeStream()
    }

    public func connect() async throws {
        guard !connected else { return }
        connected = true
        let thread = Thread { [input, continuation] in Self.readLines(from: input, into: continuation) }
        thread.name = "gastown-mcp-stdin"
        thread.start()
    }

    /// Reads until end of file, handing over each non-empty line.
    private static func readLines(
        from input: Int32, into continuation: AsyncThrowingStream<Data, any Error>.Continuation
    ) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var pending: [UInt8] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            pending.append(contentsOf: buffer[..<count])
            var start = 0
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                if newline > start { continuation.yield(Data(pending[start..<newline])) }
                start = newline + 1
            }
            pending.removeFirst(start)
        }
        continuation.finish()
    }

    public func disconnect() async {
        connected = false
        continuation.finish()
    }

    /// Writes the message and its newline whole (a blocking write: the client reads as it goes).
    public func send(_ data: Data) async throws {
        var bytes = [UInt8](data)
        bytes.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(output, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw MCPError.transportError(POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
            }
            offset += written
        }
    }

    public func receive() -> AsyncThrowingStream<Data, any Error> { messages }
}
