import TOML

/// One value changed in a parsed document and written back (`TOMLEditor`), against a full
/// re-serialise of the same document (`TOMLSerializer`), best of `runs` each. The edit changes a
/// molecule's `state.phase` (a dotted key in a `[[molecule]]` section) in the middle of the
/// document, as `gastown molecule start` changes a step's status.
///
/// Prints "set_seconds write_seconds commit_seconds serialize_seconds document_bytes edited_bytes":
/// the edit alone (find the value, plan the splice; the mean of 1,000, best of `runs`), writing the
/// edited text out (the splice applied: one copy of the bytes), re-parsing it (`commit`, the check
/// the store makes) and the full re-serialise (each best of `runs`).
struct EditBenchmark {
    let bytes: [UInt8]
    let runs: Int

    func run() -> String {
        let editor: TOMLEditor
        let table: TOMLTable
        do {
            editor = try TOMLEditor(bytes: bytes)
            table = try TOMLParser.parse(bytes: bytes)
        } catch {
            fail("toml-bench edit: \(error)")
        }
        guard let molecules = table["molecule"]?.arrayValue?.count, molecules > 0 else {
            fail("toml-bench edit: unexpected document")
        }
        let path: TOMLPath = ["molecule", .index(molecules / 2), "state", "phase"]
        // The edit alone, averaged over many (each on a fresh copy of the parsed document).
        var bestSet = Double.infinity
        for _ in 0..<runs {
            let repeats = 1000
            var copies = Array(repeating: editor, count: repeats)
            let start = now()
            for i in 0..<repeats {
                do { try copies[i].set("done", at: path) } catch { fail("toml-bench edit: \(error)") }
            }
            bestSet = min(bestSet, (now() - start) / Double(repeats))
        }
        var bestWrite = Double.infinity
        var bestCommit = Double.infinity
        var editedBytes = 0
        for _ in 0..<runs {
            var copy = editor
            do { try copy.set("done", at: path) } catch { fail("toml-bench edit: \(error)") }
            let start = now()
            let output = copy.bytes
            let written = now()
            do { try copy.commit() } catch { fail("toml-bench edit: \(error)") }
            bestWrite = min(bestWrite, written - start)
            bestCommit = min(bestCommit, now() - written)
            editedBytes = output.count
        }
        var bestSerialize = Double.infinity
        for _ in 0..<runs {
            let start = now()
            let output = TOMLSerializer.serializeToBytes(table)
            bestSerialize = min(bestSerialize, now() - start)
            guard output.count > 0 else { fail("toml-bench edit: empty output") }
        }
        return "\(bestSet) \(bestWrite) \(bestCommit) \(bestSerialize) \(bytes.count) \(editedBytes)"
    }
}
