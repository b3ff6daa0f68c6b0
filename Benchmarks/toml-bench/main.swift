// Parses FILE with our TOML decoder RUNS times; prints "best_seconds peak_rss_kb rss_before_parse_kb
// best_serialize_seconds serialized_bytes". Serializing is timed after the RSS is taken, so the
// memory figure is the decoder's alone.
// `toml-bench edit FILE RUNS` times one edit written back against a full re-serialise instead
// (EditBenchmark.swift).
// Used by scripts/bench-toml and scripts/bench-toml-edit; Glibc only, so the figure is the
// decoder's, not Foundation's.
import Glibc
import TOML

/// Writes to fd 2 directly: Glibc's `stderr` global is not concurrency-safe in Swift 6.
func fail(_ message: String, status: Int32 = 1) -> Never {
    let line = Array((message + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(status)
}

var arguments = CommandLine.arguments
let editMode = arguments.count > 1 && arguments[1] == "edit"
if editMode { arguments.remove(at: 1) }
guard arguments.count >= 3, let runs = Int(arguments[2]) else {
    fail("usage: toml-bench [edit] FILE RUNS", status: 2)
}
guard let file = fopen(arguments[1], "rb") else {
    fail("toml-bench: cannot open \(arguments[1])", status: 1)
}
fseek(file, 0, SEEK_END)
let size = ftell(file)
fseek(file, 0, SEEK_SET)
var bytes = [UInt8](repeating: 0, count: size)
let read = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, size, file) }
fclose(file)
guard read == size else {
    fail("toml-bench: short read", status: 1)
}

func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Resident set size now, from /proc/self/statm (the second field, in pages).
func currentRSSKilobytes() -> Int {
    let fd = open("/proc/self/statm", O_RDONLY)
    guard fd >= 0 else { return 0 }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 128)
    let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 127) }
    guard count > 0 else { return 0 }
    let fields = String(decoding: buffer[0..<count], as: UTF8.self).split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(getpagesize()) / 1024
}

if editMode {
    print(EditBenchmark(bytes: bytes, runs: runs).run())
    exit(0)
}

let rssBeforeParse = currentRSSKilobytes()
var best = Double.infinity
for _ in 0..<runs {
    let start = now()
    do {
        let table = try TOMLParser.parse(bytes: bytes)
        best = min(best, now() - start)
        guard table["molecule"]?.arrayValue?.isEmpty == false else {
            fail("toml-bench: unexpected document", status: 1)
        }
    } catch {
        fail("toml-bench: \(error)", status: 1)
    }
}
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)

let table: TOMLTable
do { table = try TOMLParser.parse(bytes: bytes) } catch { fail("toml-bench: \(error)") }
var bestSerialize = Double.infinity
var serializedBytes = 0
for _ in 0..<runs {
    let start = now()
    let text = TOMLSerializer.serialize(table)
    bestSerialize = min(bestSerialize, now() - start)
    serializedBytes = text.utf8.count
}
print("\(best) \(usage.ru_maxrss) \(rssBeforeParse) \(bestSerialize) \(serializedBytes)")
