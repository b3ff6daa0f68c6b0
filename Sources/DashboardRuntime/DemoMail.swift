/// The demo's handoff documents, written like the seed's: Markdown with wide tables, box drawing and
/// emoji, and one pasted through the wrong encoding ("âœ…" for ✅, "Ã©" for é), as real ones are.
enum DemoMail {
    struct Document {
        var id: String
        var from: String
        var to: [String]
        var re: String
        var status: String
        var priority: String
        var molecules: [String]
        var body: String
    }

    static let documents: [Document] = [
        Document(
            id: "day2-hybrid-audit-complete", from: "data-storage", to: ["ai-analysis", "holmesapi", "gateway"],
            re: "DAY2_HYBRID_AUDIT_COMPLETE", status: "✅ COMPLETE", priority: "high",
            molecules: ["day3-hybrid-capture-integration", "day3-rr-reconstruction-validation"],
            body: """
                # Day 2 Hybrid Audit Capture — COMPLETE ✅

                **From**: Data Storage Team
                **To**: AI Analysis, HolmesAPI, Gateway

                ## Summary

                Hybrid capture is merged: every audit event is written to the append-only store *and* mirrored to the
                reconstruction index. Day 3 starts from this document.

                | Component | Owner | Status | Coverage | Notes |
                |-----------|-------|--------|----------|--------------------------------------------------------------------------------|
                | `audit-writer` | Data Storage | ✅ Merged | 94.2% | Append-only, fsync per batch, hash chain verified on read |
                | `rr-index` | Data Storage | ✅ Merged | 91.7% | Reconstruction index; rebuilds from the log in 38 s for 1 M events |
                | `correlation-mw` | Gateway | 🚧 Day 3 | — | Forwards `X-Audit-Correlation-ID` upstream; HolmesAPI must echo it |
                | `consumer-ctx` | HolmesAPI | 🚧 Day 3 | — | Keeps the consumer context across retries (see the Day 3 plan) |

                ## Data flow

                ```
                ┌──────────┐    ┌──────────────┐    ┌───────────────┐    ┌──────────────┐
                │ Gateway  │───▶│ HolmesAPI    │───▶│ audit-writer  │───▶│ rr-index     │
                │ (X-Audit)│    │ (echo + ctx) │    │ (append-only) │    │ (rebuildable)│
                └──────────┘    └──────────────┘    └───────────────┘    └──────────────┘
                ```

                ## Day 3 validation

                1. Hybrid capture integration tests (AI Analysis)
                2. RR reconstruction validation (Data Storage)
                3. Consumer context preservation (HolmesAPI)
                4. End-to-end audit trail verification (Gateway)

                **100% test pass rate required before Day 4.** No `Skip()`, no `time.Sleep()` before assertions.
                """),
        Document(
            id: "gateway-audit-correlation-headers", from: "gateway", to: ["holmesapi"],
            re: "Audit correlation headers: please echo X-Audit-Correlation-ID", status: "🔄 IN REVIEW",
            priority: "medium", molecules: ["day3-gateway-audit-headers", "day3-consumer-context-preservation"],
            body: """
                # Audit Correlation Headers 🔗

                The gateway now forwards `X-Audit-Correlation-ID` on every upstream call. Please echo it in every
                HolmesAPI response (including errors) so the consumer context survives the round trip.

                ╔════════════════════════╦═══════════════════╦══════════════════════════════════════════╗
                ║ Header                 ║ Direction         ║ Rule                                     ║
                ╠════════════════════════╬═══════════════════╬══════════════════════════════════════════╣
                ║ X-Audit-Correlation-ID ║ Gateway → API     ║ UUIDv7, generated when absent            ║
                ║ X-Audit-Correlation-ID ║ API → Gateway     ║ echoed verbatim, also on 4xx/5xx         ║
                ║ X-Audit-Actor          ║ Gateway → API     ║ service account, never an end-user email ║
                ╚════════════════════════╩═══════════════════╩══════════════════════════════════════════╝

                ⚠️ Responses without the header fail the e2e audit trail suite from tomorrow.
                """),
        Document(
            id: "holmesapi-skip-removal", from: "holmesapi", to: ["gateway", "data-storage"],
            re: "Skip() in the e2e audit suite blocks test-validation", status: "âš ï¸ ACTION REQUIRED",
            priority: "critical", molecules: ["day3-e2e-audit-trail-verification"],
            body: """
                # E2E Audit Suite â€” Skip() Must Go âŒ

                **Statut**: âš ï¸ Action requise â€” rÃ©vision demandÃ©e par l'Ã©quipe HolmesAPI

                The `test-validation` gate of day3-e2e-audit-trail-verification is red:

                | Check | Result | Evidence |
                |-------|--------|----------|
                | Tests | âŒ 40/41 passed, 1 skipped | `test/e2e/audit/trail_test.go:145` `Skip("flaky on CI")` |
                | Anti-patterns | âŒ 2 hits | `trail_test.go:145` skipped-tests (critical), `trail_test.go:212` sleep-before-assert (high) |
                | Consumer context | âœ… preserved | 12/12 retries keep the actor and the correlation id |

                Replace the sleep with a poll on the index (deadline 5 s), un-skip the test, then run
                `gastown gate check day3-e2e-audit-trail-verification`. Merci ! ðŸ™
                """),
        Document(
            id: "ai-analysis-rr-field-mapping", from: "ai-analysis", to: ["data-storage"],
            re: "RR reconstruction: field mapping for the Day 3 validation", status: "📋 FOR REVIEW",
            priority: "medium", molecules: ["day3-rr-reconstruction-validation", "day3-hybrid-capture-integration"],
            body: """
                # RR Reconstruction — Field Mapping 🗺️

                The validation compares every reconstructed field with the captured one. Mapping used by the suite:

                | Captured field (audit-writer) | Reconstructed field (rr-index) | Transform | Tolerance | Owner | Test |
                |-------------------------------|--------------------------------|-----------|-----------|-------|------|
                | `event.actor.service_account` | `actor.sa` | none | exact | AI Analysis | `TestActorRoundTrip` |
                | `event.correlation_id` | `corr` | lower-case UUID | exact | Gateway | `TestCorrelationSurvivesRebuild` |
                | `event.llm.prompt_tokens` | `llm.tokens.prompt` | int64 | exact | AI Analysis | `TestTokenCounts` |
                | `event.timestamp` | `ts` | RFC 3339 → Unix ms | ±1 ms | Data Storage | `TestTimestampPrecision` |

                ✅ 31/31 tests passed on the last run; awaiting the test-validation checkpoint.
                """),
    ]
}
