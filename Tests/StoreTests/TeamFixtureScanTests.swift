import Core
import Foundation
import Store
import TOML
import TestSupport
import Testing

/// The shipped formula's anti-patterns on two teams' test trees: a Go team's and a Python team's (HolmesAPI).
/// Each language's rules fire on its own files only, in `test/` and `tests/`.
@Suite struct TeamFixtureScanTests {
    func scan(_ files: [String: String]) throws -> [String] {
        let workspace = try TempWorkspace(initialize: false)
        defer { workspace.cleanup() }
        for (path, text) in files { try workspace.write(path, text) }
        let text = try Repository.text("formulas/integration-test-full-validation.toml")
        let formula = try #require(
            FormulaLoader.load(try TOMLParser.parse(text, file: "seed.toml"), file: "seed.toml").0)
        let report = WorkspaceScan.scan(workspace: workspace.path, antiPatterns: formula.antiPatterns)
        #expect(report.isClean == report.hits.isEmpty)
        return report.hits.map { "\($0.file):\($0.line) \($0.antiPatternID)" }
    }

    @Test func aGoOnlyTeamIsCheckedByTheGoRules() throws {
        let hits = try scan([
            "test/integration/audit_test.go": """
            package audit

            func TestAudit(t *testing.T) {
            \ttime.Sleep(2 * time.Second)
            \tt.Skip("flaky")
            \tauditStore.StoreAudit(ctx, event)
            \tregistry.MustRegister(counter)
            }
            """,
            "test/integration/clean_test.go": "package audit\n\nfunc TestClean(t *testing.T) {}\n",
            // Python spellings in a Go tree are not Python tests: nothing fires on a .go file for them.
            "test/integration/notes_test.go": "// time.sleep( and pytest.skip( are Python\n",
        ])
        #expect(
            hits == [
                "test/integration/audit_test.go:4 time-sleep-before-assertions",
                "test/integration/audit_test.go:5 skip-calls",
                "test/integration/audit_test.go:6 direct-audit-infrastructure-testing",
                "test/integration/audit_test.go:7 direct-metrics-infrastructure-testing",
            ])
    }

    @Test func aPythonOnlyTeamIsCheckedByThePythonRules() throws {
        let hits = try scan([
            "tests/integration/test_audit.py": """
            import time, unittest, pytest

            @pytest.mark.skip(reason="later")
            def test_audit_event(audit_store):
                time.sleep(2)
                audit_store.store_event(event)
                REGISTRY.register(counter)
                pytest.skip("no db")

            class AuditCase(unittest.TestCase):
                @unittest.skipIf(True, "posix only")
                def test_trail(self):
                    self.skipTest("later")
            """,
            "test/unit/test_clean.py": "def test_clean(client):\n    assert client.get('/').status_code == 200\n",
            // A Go-looking line in a Python file is not a Go test.
            "tests/unit/test_go_words.py": "# time.Sleep( and t.Skip( are Go\n",
        ])
        #expect(
            hits == [
                "tests/integration/test_audit.py:3 python-pytest-skip",
                "tests/integration/test_audit.py:5 python-time-sleep-before-assertions",
                "tests/integration/test_audit.py:6 python-direct-audit-infrastructure-testing",
                "tests/integration/test_audit.py:7 python-direct-metrics-infrastructure-testing",
                "tests/integration/test_audit.py:8 python-pytest-skip",
                "tests/integration/test_audit.py:11 python-unittest-skip",
                "tests/integration/test_audit.py:13 python-unittest-skip",
            ])
    }
}
