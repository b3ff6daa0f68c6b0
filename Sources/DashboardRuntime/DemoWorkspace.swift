import Core
import Foundation
import Signing
import Store

/// Builds the demo workspace through the store API, as agents and reviewers would have: the
/// seed's soc2-audit-trail convoy on Day 3 with molecules in every state, a second convoy, and
/// handoff documents in the mail folder.
public enum DemoWorkspace {
    static let formulaName = "integration-test-full-validation"
    static let input = "docs/development/SOC2/DAY2_HYBRID_AUDIT_COMPLETE.md"

    /// The demo's made-up reviewers, whose keys the demo makes (and keeps in `demo-keys/`).
    static let demoReviewers = ["mchen", "jgarcia"]

    /// Creates the workspace under `directory` and returns its store. `reviewer` is made a
    /// reviewer of both convoys so the person running the demo can decide checkpoints, with `runnerKey` (their
    /// own key, found as `checkpoint approve` finds it) or, when nil, a key the demo generates in
    /// `demo-keys/` and names in `.beads/config.toml` as the demo's key, used when no other key is set.
    public static func build(in directory: String, reviewer: String, runnerKey: SSHPublicKey?, now: Date)
        throws(StoreError) -> BeadsStore
    {
        // As `gastown init` does: the starter formula and template come from the copies built into gastown.
        try StoreInitializer.initialize(workspace: directory)
        let layout = StoreLayout(workspace: directory)
        _ = try StoreInitializer.writeReadme(layout)
        _ = try ShippedInstall.installStarterFiles(layout)
        var store = BeadsStore(layout: layout, formulas: SearchPathFormulas(layout: layout, home: nil))
        store.clock = { max(Date(), now + 86400) }
        var keys: [String: Ed25519SigningKey] = [:]
        for name in demoReviewers where name != reviewer {
            keys[name] = Ed25519SigningKey()
            try writeKey(keys[name]!, name: name, in: directory)
        }
        var publicKeys = keys.mapValues(\.publicKey)
        if let runnerKey {
            publicKeys[reviewer] = runnerKey
            try WorkspaceConfig().write(layout)
        } else {
            let generated = Ed25519SigningKey()
            try writeKey(generated, name: reviewer, in: directory)
            publicKeys[reviewer] = generated.publicKey
            try WorkspaceConfig(demoSigningKey: "demo-keys/\(reviewer)").write(layout)
        }
        let reviewers = publicKeys.keys.sorted()
        // The seed's teams as it spells them; the handoff documents' "Gateway (GW) Team" is an alias.
        var soc2 = ConvoyFile(
            name: "soc2-audit-trail", title: "SOC2 Audit Trail",
            description: "Day 3: hybrid capture, RR reconstruction, consumer context, end-to-end audit trail",
            reviewers: reviewers, created: now - 3 * 86400, day: 3)
        for team in ["AI Analysis", "HolmesAPI", "Data Storage", "Gateway"] { try soc2.addTeam(team) }
        try soc2.addAlias("Gateway (GW) Team", to: "Gateway")
        try store.createConvoy(soc2, reviewerKeys: publicKeys, createdBy: reviewer, now: now - 3 * 86400)
        var toolset = ConvoyFile(
            name: "dynamic-toolset", title: "Dynamic Toolset", reviewers: reviewers, created: now - 2 * 86400)
        for team in ["HolmesAPI", "AI Analysis"] { try toolset.addTeam(team) }
        try store.createConvoy(toolset, reviewerKeys: publicKeys, createdBy: reviewer, now: now - 2 * 86400)
        let hour: TimeInterval = 3600
        let day3 = now - 5 * hour
        var demo = Driver(store: store, keys: keys)

        // Done: every step, every checkpoint approved, both gates passed.
        try demo.create("day3-hybrid-capture-integration", convoy: "soc2-audit-trail", team: "AI Analysis", at: day3)
        try demo.advance(through: 9, reviewer: "jgarcia")
        try store.confirmManualCheck(
            molecule: demo.molecule, check: "documentation-committed", by: "jgarcia", note: nil,
            signer: demo.signer("jgarcia"), now: demo.clock)

        // Awaiting approval at the test-validation checkpoint (gate passed).
        try demo.create(
            "day3-rr-reconstruction-validation", convoy: "soc2-audit-trail", team: "Data Storage",
            at: day3 + 0.5 * hour)
        try demo.advance(through: 6, reviewer: "mchen")
        try demo.start("test-validation")
        try demo.gate("test-validation", tests: 31)
        try demo.complete("test-validation")

        // Awaiting approval at the compliance checkpoint, with the triage's findings recorded (one resolved), so
        // the dashboard shows the latest report beside the compliance decision.
        try demo.create(
            "day3-audit-event-schema-compliance", convoy: "soc2-audit-trail", team: "Data Storage",
            at: day3 + 0.6 * hour)
        try demo.advance(through: 7, reviewer: "jgarcia")
        try demo.start("compliance-triage")
        try demo.gate("compliance-triage", tests: 0)
        try demo.complete("compliance-triage")
        try demo.findings(DemoWorkspace.complianceFindings, resolving: 1, reviewer: "jgarcia")

        // Rejected with a reason, sent back to do-refactor, and being reworked.
        try demo.create(
            "day3-consumer-context-preservation", convoy: "soc2-audit-trail", team: "HolmesAPI",
            at: day3 + 0.2 * hour)
        try demo.advance(through: 6, reviewer: "jgarcia")
        try demo.start("test-validation")
        try demo.gate("test-validation", tests: 28)
        try demo.complete("test-validation")
        try demo.decide(
            "test-validation-checkpoint", approve: false, reviewer: "mchen",
            reason: "3 tests failing, anti-pattern detected in line 145", to: "do-refactor")
        try demo.start("do-refactor")

        // Blocked on the mandatory test gate.
        try demo.create(
            "day3-e2e-audit-trail-verification", convoy: "soc2-audit-trail", team: "Gateway",
            at: day3 + 1 * hour)
        try demo.advance(through: 6, reviewer: "mchen")
        try demo.start("test-validation")
        try demo.gateWithEvidence("test-validation")

        // Active in TDD GREEN.
        try demo.create("day3-gateway-audit-headers", convoy: "soc2-audit-trail", team: "Gateway", at: day3 + 2 * hour)
        try demo.advance(through: 4, reviewer: "jgarcia")
        try demo.start("do-green")

        // Awaiting approval of its plan.
        try demo.create("day3-holmesapi-audit-client", convoy: "soc2-audit-trail", team: "HolmesAPI", at: now - hour)
        try demo.advance(through: 1, reviewer: "mchen")
        try demo.start("plan")
        try demo.complete("plan")

        // The second convoy: one done, one just started.
        try demo.create(
            "toolset-registry-integration", convoy: "dynamic-toolset", team: "HolmesAPI", at: now - 30 * hour)
        try demo.advance(through: 9, reviewer: "mchen")
        try demo.create("toolset-discovery-tests", convoy: "dynamic-toolset", team: "AI Analysis", at: now - 0.2 * hour)
        try demo.start("analysis")

        try writeMail(layout: layout, reviewer: reviewer, now: now)
        // Compliance reports rendered from the state, as `gastown report render` does.
        _ = try store.renderReport(molecule: "day3-hybrid-capture-integration", template: nil)
        _ = try store.renderReport(molecule: "day3-rr-reconstruction-validation", template: nil)
        _ = try store.renderReport(molecule: "day3-audit-event-schema-compliance", template: nil)
        return store
    }

    /// Drives one molecule through the store, the clock moving as planned.
    struct Driver {
        let store: BeadsStore
        /// The made-up reviewers' keys: their decisions are signed in-process.
        let keys: [String: Ed25519SigningKey]
        var molecule = ""
        var convoyName: String?
        var clock = Date()
        let formula: Formula?

        init(store: BeadsStore, keys: [String: Ed25519SigningKey]) {
            self.store = store
            self.keys = keys
            formula = try? store.formulas.formula(named: DemoWorkspace.formulaName).get()
        }

        mutating func create(_ name: String, convoy: String, team: String, at time: Date) throws(StoreError) {
            molecule = name
            convoyName = convoy
            clock = time
            try store.createMolecule(
                name: name, convoy: convoy, formula: DemoWorkspace.formulaName,
                variables: [(key: "service", value: team)], inputs: [DemoWorkspace.input],
                team: team, now: time)
        }

        mutating func start(_ step: String) throws(StoreError) {
            _ = try store.apply(.start(step: step), molecule: molecule, now: clock)
        }

        mutating func complete(_ step: String) throws(StoreError) {
            let planned = formula?.step(step)?.duration.map { TimeInterval($0.components.seconds) } ?? 600
            clock += planned + TimeInterval(step.count % 3) * 60
            // As `gastown molecule complete`: the compliance triage renders its report.
            _ = try store.complete(molecule: molecule, step: step, now: clock)
        }

        /// A passing check with its evidence, as `gastown gate check` records it: every test passed, a clean scan.
        mutating func gate(_ step: String, tests: Int) throws(StoreError) {
            guard let gate = formula?.step(step)?.gate else { return }
            clock += 60
            var evidence = GateEvidence(
                gateID: gate.id, step: step, type: gate.type.name, attempt: 1, passed: true, summary: "",
                checkedAt: clock)
            if case .tests = gate.type { evidence.tests = TestCounts(passed: tests, failed: 0, skipped: 0) }
            var scan = AntiPatternReport()
            scan.filesScanned = 42
            evidence.scan = scan
            if case .compliance = gate.type { evidence.openFindings = [] }
            try store.recordEvidence(evidence, molecule: molecule, now: clock)
        }

        /// A failing check with its evidence file, as `gastown gate check` records it.
        mutating func gateWithEvidence(_ step: String) throws(StoreError) {
            guard let gate = formula?.step(step)?.gate else { return }
            clock += 60
            try store.recordEvidence(
                DemoWorkspace.blockedEvidence(gate: gate.id, step: step, at: clock), molecule: molecule, now: clock)
        }

        mutating func decide(
            _ checkpoint: String, approve: Bool, reviewer: String, reason: String? = nil,
            to: String? = nil
        ) throws(StoreError) {
            clock += 5 * 60
            try store.decide(
                molecule: molecule, checkpoint: checkpoint, decision: approve ? .approved : .rejected,
                reviewer: reviewer, reason: reason, returnTo: to, isAgent: false, signer: signer(reviewer), now: clock)
        }

        /// Signs as one of the made-up reviewers.
        func signer(_ reviewer: String) -> SignerProvider {
            let key = keys[reviewer]
            func provide() throws(StoreError) -> any RecordSigner {
                guard let key else { throw StoreError(.refused, "the demo has no key for \(reviewer)") }
                return Ed25519RecordSigner(privateKey: key, source: "the demo's key of \(reviewer)")
            }
            return provide
        }

        /// Records findings as the triage's agent would, a minute apart, then resolves the first `resolving`
        /// of them as `reviewer`.
        mutating func findings(_ findings: [NewFinding], resolving: Int, reviewer: String) throws(StoreError) {
            var recorded: [FindingRecord] = []
            for finding in findings {
                clock += 60
                recorded.append(try store.addFinding(molecule: molecule, finding, by: "triage-agent", now: clock))
            }
            for record in recorded.prefix(resolving) {
                clock += 5 * 60
                _ = try store.resolveFinding(
                    molecule: molecule, id: record.id, by: reviewer,
                    note: "fixed in the schema migration; re-checked against DD-STORAGE-012",
                    isAgent: false, signer: signer(reviewer), now: clock)
            }
        }

        /// Runs the first `count` steps to done: start, gate passed, complete, checkpoint approved.
        mutating func advance(through count: Int, reviewer: String) throws(StoreError) {
            guard let formula else { return }
            for step in formula.steps.prefix(count) {
                try start(step.id)
                if step.gate != nil {
                    try gate(step.id, tests: 41)
                }
                try complete(step.id)
                if let checkpoint = step.checkpoint { try decide(checkpoint.id, approve: true, reviewer: reviewer) }
            }
        }
    }

    /// Writes a demo key as `demo-keys/NAME` (an OpenSSH private key, 0600) and `NAME.pub`, outside `.beads/`.
    static func writeKey(_ key: Ed25519SigningKey, name: String, in directory: String) throws(StoreError) {
        let folder = directory + "/demo-keys"
        try StoreInitializer.makeDirectories(folder)
        try AtomicFile.write(
            Array(key.openSSHPrivateKeyText(comment: "\(name)@gastown-demo").utf8), to: folder + "/" + name,
            permissions: 0o600)
        try AtomicFile.write(key.publicKey.openSSHText + " \(name)@gastown-demo\n", to: folder + "/\(name).pub")
    }

    /// Handoff documents between the four teams in the style of the seed's: wide tables, box drawing,
    /// emoji, and one pasted through a wrong encoding (mojibake). Linked to the demo molecules; the
    /// first is already read by the reviewer, the others are unread.
    static func writeMail(layout: StoreLayout, reviewer: String, now: Date) throws(StoreError) {
        let mail = MailStore(layout: layout)
        let hour: TimeInterval = 3600
        var sent: [String] = []
        for (index, document) in DemoMail.documents.enumerated() {
            let message = MailMessage(
                id: document.id, from: document.from, to: document.to,
                date: MailDate(now - Double(8 - 2 * index) * hour),
                re: document.re, status: document.status, priority: document.priority, molecules: document.molecules,
                body: document.body)
            sent.append(try mail.send(message).id)
        }
        try mail.readMarks.markRead([sent[0]], reader: reviewer)
    }

    /// What the compliance triage of day3-audit-event-schema-compliance found (the first is resolved).
    static let complianceFindings: [NewFinding] = [
        NewFinding(
            severity: .medium, category: "API contract alignment",
            title: "audit_events.correlation_id is nullable but the OpenAPI contract marks it required",
            location: "migrations/0042_audit_events.sql:17"),
        NewFinding(
            severity: .high, category: "SOC2 requirements",
            title: "Audit events older than 90 days are purged; CC7.2 requires 1 year of retention",
            detail:
                "The retention job deletes rows after 90 days.\nSOC2 CC7.2 evidence needs 365 days; archive to cold storage instead.",
            location: "internal/storage/retention.go:58"),
        NewFinding(
            severity: .medium, category: "Business requirement mapping",
            title: "BR-AUDIT-007 (actor identity on every event) has no integration test",
            location: "test/integration/storage/README.md"),
        NewFinding(
            severity: .low, category: "Project rules compliance",
            title: "Migration file lacks the rollback section required by .cursor/rules/03-migrations.mdc",
            location: "migrations/0042_audit_events.sql"),
    ]

    /// The failing evidence of the blocked molecule's test gate: counts, the skipped test, anti-pattern hits.
    static func blockedEvidence(gate: String, step: String, at: Date) -> GateEvidence {
        var evidence = GateEvidence(
            gateID: gate, step: step, type: "tests", attempt: 1, passed: false,
            summary: "40/41 passed, 1 skipped (Skip() is forbidden), 2 anti-patterns", checkedAt: at)
        evidence.tests = TestCounts(passed: 40, failed: 0, skipped: 1)
        evidence.testOrigin = "test/e2e/audit/junit.xml"
        evidence.skippedTests = [
            .init(
                name: "AuditTrail/replays a dropped correlation id", file: "test/e2e/audit/trail_test.go",
                message: "Skip(\"flaky on CI\")")
        ]
        var scan = AntiPatternReport()
        scan.filesScanned = 37
        scan.hits = [
            AntiPatternHit(
                antiPatternID: "skipped-tests", severity: .critical, file: "test/e2e/audit/trail_test.go", line: 145,
                excerpt: "Skip(\"flaky on CI\")"),
            AntiPatternHit(
                antiPatternID: "sleep-before-assert", severity: .high, file: "test/e2e/audit/trail_test.go", line: 212,
                excerpt: "time.Sleep(2 * time.Second)"),
        ]
        evidence.scan = scan
        return evidence
    }
}
