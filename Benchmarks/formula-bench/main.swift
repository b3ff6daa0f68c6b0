// Loads and validates a generated 1,000-step formula, the size of the largest Gas Town formulas in the
// wild, and prints parse / load+validate / total times (best and median of N runs).
// Usage: formula-bench [STEPS] [RUNS]   (defaults: 1000 steps, 30 runs). Target: total well under 50 ms.
import Core
import Foundation
import TOML

let arguments = CommandLine.arguments
let stepCount = arguments.count > 1 ? Int(arguments[1]) ?? 1000 : 1000
let runs = arguments.count > 2 ? Int(arguments[2]) ?? 30 : 30

/// A Gas Town–style formula: a needs DAG (each step needs one to three earlier ones), long multi-line
/// descriptions with box drawing, tasks, checkpoints and gates, and unknown keys here and there.
func generate(steps: Int) -> String {
    var text = """
        formula = "bench-\(steps)"
        version = 7
        type = "workflow"
        description = \"\"\"
        Generated benchmark formula with \(steps) steps for {{target}}.
        \"\"\"

        [vars.target]
        description = "What the run proves"
        default = "towers-of-hanoi"

        [vars.disks]
        default = "10"
        pattern = '[0-9]+'

        """
    var seed: UInt64 = 42
    func next(_ bound: Int) -> Int {
        seed = seed &* 6364136223846793005 &+ 1442695040888963407
        return Int((seed >> 33) % UInt64(bound))
    }
    for i in 0..<steps {
        text += "\n[[steps]]\nid = \"step-\(i)\"\ntitle = \"Move disk \(i % 10) of {{target}} (step \(i))\"\n"
        if i > 0 {
            var needs = Set<Int>()
            needs.insert(i - 1)
            for _ in 0..<next(3) { needs.insert(next(i)) }
            text += "needs = [" + needs.sorted().map { "\"step-\($0)\"" }.joined(separator: ", ") + "]\n"
        }
        text += """
            duration = "\(1 + next(59))m"
            kind = "\(["analysis", "plan", "do", "check", "document"][i % 5])"
            description = \"\"\"
            ┌──────────────────────────────────────────────────────────────┐
            │ Step \(i): move the top disk from peg \(i % 3) to peg \((i + 1) % 3)              │
            ├──────────────────────────────────────────────────────────────┤
            │ • verify the peg is not empty                                │
            │ • verify no larger disk lies on a smaller one ✓             │
            │ • record the move in the proof log for {{target}}            │
            └──────────────────────────────────────────────────────────────┘
            Invariant: after \(i) moves the configuration is reachable and legal.
            \"\"\"
            tasks = ["Check the source peg", "Check the target peg", "Record move \(i)"]

            """
        if i % 10 == 9 {
            text +=
                "[steps.checkpoint]\nid = \"cp-\(i)\"\nprompt = \"Is move \(i) legal?\"\non_reject = \"step-\(i - 1)\"\n"
        }
        if i % 25 == 24 {
            text += "[steps.gate]\nid = \"gate-\(i)\"\ntype = \"tests\"\nrequired_pass_rate = 100\n"
        }
    }
    text += """

        [[anti_patterns]]
        name = "illegal move"
        severity = "critical"
        pattern = 'larger\\s+on\\s+smaller'
        paths = ["proof/**/*.log"]
        advice = "Undo the move"

        [progression_rules]
        day_completion_criteria = [{ gate = "gate-24" }, { checkpoint = "cp-9" }, "Proof reviewed"]
        """
    return text
}

/// CPU time of this thread: unlike wall time, it does not grow when other processes share the cores.
func threadCPUTime() -> Duration {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return .seconds(spec.tv_sec) + .nanoseconds(spec.tv_nsec)
}

let text = generate(steps: stepCount)
let clock = ContinuousClock()
var parseTimes: [Duration] = []
var loadTimes: [Duration] = []
var totalTimes: [Duration] = []
var cpuParse: [Duration] = []
var cpuLoad: [Duration] = []
var cpuTotal: [Duration] = []
var lastDiagnostics: [Diagnostic] = []
var lastSteps = 0
for _ in 0..<runs {
    let start = clock.now
    let cpuStart = threadCPUTime()
    let table: TOMLTable
    do {
        table = try TOMLParser.parse(text, file: "bench.toml")
    } catch {
        FileHandle.standardError.write(Data("formula-bench: generated formula does not parse: \(error)\n".utf8))
        exit(1)
    }
    let parsed = clock.now
    let cpuParsed = threadCPUTime()
    let (formula, diagnostics) = FormulaLoader.load(table, file: "bench.toml")
    let end = clock.now
    let cpuEnd = threadCPUTime()
    cpuParse.append(cpuParsed - cpuStart)
    cpuLoad.append(cpuEnd - cpuParsed)
    cpuTotal.append(cpuEnd - cpuStart)
    parseTimes.append(parsed - start)
    loadTimes.append(end - parsed)
    totalTimes.append(end - start)
    lastDiagnostics = diagnostics
    lastSteps = formula?.steps.count ?? 0
}

guard lastDiagnostics.isEmpty, lastSteps == stepCount else {
    FileHandle.standardError.write(
        Data(
            ("formula-bench: the generated formula did not load cleanly:\n"
                + lastDiagnostics.prefix(10).map(\.description).joined(separator: "\n") + "\n").utf8))
    exit(1)
}

func milliseconds(_ d: Duration) -> String {
    let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    return String(format: "%.2f ms", ms)
}
func summary(_ name: String, _ times: [Duration]) -> String {
    let sorted = times.sorted()
    return
        "\(name.padding(toLength: 16, withPad: " ", startingAt: 0)) best \(milliseconds(sorted[0]))  median \(milliseconds(sorted[sorted.count / 2]))"
}
print("formula-bench: \(stepCount) steps, \(text.utf8.count / 1024) KiB of TOML, \(runs) runs")
print("wall clock:")
print("  " + summary("parse (TOML)", parseTimes))
print("  " + summary("load+validate", loadTimes))
print("  " + summary("total", totalTimes))
print("thread CPU time (unaffected by other load on the machine):")
print("  " + summary("parse (TOML)", cpuParse))
print("  " + summary("load+validate", cpuLoad))
print("  " + summary("total", cpuTotal))
