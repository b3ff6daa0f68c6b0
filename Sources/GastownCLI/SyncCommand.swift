import ArgumentParser
import Foundation
import Store
import TOML

/// `gastown sync [--remote R]`: commit `.beads/`, pull with the merge driver, verify the audit trail, push.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Share .beads/ through git: commit its changes, pull (merging with the driver), verify, push.",
        discussion: """
            Commits only .beads/ (a .beads pathspec; other staged or changed files stay as they are) with the \
            message "gastown: <what changed>", runs `git pull --no-rebase` from the remote (default: the branch's \
            upstream remote, else origin), runs `audit verify` and pushes the branch. Exit codes: 0 synced; \
            1 git failed (not a git work tree, no remote, the driver not registered, pull or push refused); \
            4 the audit trail does not verify after the pull (nothing pushed); 6 the pull stopped on a conflict \
            the driver could not merge (each file named with why; fix, commit, sync again).
            """)

    @OptionGroup var options: StoreOptions
    @Option(help: "The remote to pull from and push to.") var remote: String?

    func run() throws {
        try runStoreCommandReturningCode(json: options.json) { () throws(StoreError) -> Int32 in
            var report = SyncReport()
            let code = try sync(&report)
            if options.json { Output.json(report.json(code: code)) }
            return code
        }
    }

    private func sync(_ report: inout SyncReport) throws(StoreError) -> Int32 {
        let layout = try options.layout()
        guard let git = GitRepository.containing(layout.workspace) else {
            throw StoreError(.io, "\(Output.safe(layout.workspace)) is not in a git work tree: nothing to sync")
        }
        if let problem = GitMergeSetup.problems(layout, in: git).first {
            throw StoreError(.io, "\(problem): a pull would conflict on every molecule both clones changed")
        }
        guard let branch = git.branch else { throw StoreError(.io, "HEAD is detached: check out a branch to sync") }
        let remote = self.remote ?? git.config("branch.\(branch).remote") ?? "origin"
        report.remote = remote
        report.branch = branch
        let beads = git.relative(layout.beads)

        // 1. Commit .beads/ alone.
        let changed = git.run(["status", "--porcelain=v1", "--untracked-files=all", "--", beads]).stdout
            .split(separator: "\n").map { String($0.dropFirst(3)) }
        if !changed.isEmpty {
            let message = SyncSummary.message(forChanged: changed.map { String($0.dropFirst(beads.count + 1)) })
            try expect(git.run(["add", "-A", "--", beads]), "git add")
            try expect(git.run(["commit", "-q", "-m", message, "--", beads]), "git commit")
            report.committed = message
            say("committed: \(message)")
        }

        // 2. Pull, merging .beads/ files with the driver.
        let remoteBranch = git.run(["ls-remote", "--exit-code", "--heads", remote, branch])
        if remoteBranch.status == 2 {
            say("\(remote) has no branch \(branch) yet: nothing to pull")
        } else {
            try expect(remoteBranch, "git ls-remote \(remote)")
            let before = git.run(["rev-parse", "HEAD"]).stdout
            let pull = git.run(["pull", "--no-rebase", "--no-edit", remote, branch])
            guard pull.succeeded else {
                let unmerged = git.unmergedFiles()
                guard !unmerged.isEmpty else {
                    try expect(pull, "git pull")
                    return Exit.failure
                }
                for file in unmerged {
                    let why = SyncConflicts.reason(file, git: git, layout: layout)
                    report.conflicts.append((file, why))
                    Output.error("conflict in \(Output.safe(file)): \(Output.safe(why))")
                }
                Output.error(
                    "the pull stopped on \(unmerged.count) conflict(s): fix them, commit, and run `gastown sync` again (nothing was pushed)"
                )
                return Exit.syncConflict
            }
            report.pulled = git.run(["rev-parse", "HEAD"]).stdout != before
            say(report.pulled ? "pulled \(remote)/\(branch) and merged" : "\(remote)/\(branch): already up to date")
        }

        // 3. Verify before anything leaves this clone.
        let audit = try options.store().verifyAudit()
        report.verified = audit.problems.isEmpty
        guard audit.problems.isEmpty else {
            for problem in audit.problems { Output.error(Output.safe(problem.description)) }
            Output.error(
                "audit trail does not verify after the pull: \(audit.problems.count) problem(s); nothing was pushed")
            return Exit.auditFailure
        }
        say("audit trail verified: \(audit.records) decisions")

        // 4. Push.
        let upstream = git.config("branch.\(branch).remote") == nil ? ["-u"] : []
        try expect(git.run(["push", "-q"] + upstream + [remote, "HEAD:refs/heads/\(branch)"]), "git push")
        report.pushed = true
        say("pushed to \(remote)/\(branch)")
        return Exit.ok
    }

    private func say(_ text: String) { if !options.json { Output.line(text) } }

    private func expect(_ run: GitRepository.Run, _ what: String) throws(StoreError) {
        guard !run.succeeded else { return }
        let detail = (run.stderr + run.stdout).trimmingCharacters(in: .whitespacesAndNewlines)
        throw StoreError(.io, "\(what) failed (exit \(run.status)): \(Output.safe(detail))")
    }
}

/// What `gastown sync` did, for `--json`.
struct SyncReport {
    var remote = ""
    var branch = ""
    var committed: String?
    var pulled = false
    var verified = false
    var pushed = false
    var conflicts: [(file: String, reason: String)] = []

    func json(code: Int32) -> JSON {
        .object([
            ("remote", .string(remote)), ("branch", .string(branch)),
            ("committed", committed.map(JSON.string) ?? .null), ("pulled", .bool(pulled)),
            ("verified", .bool(verified)), ("pushed", .bool(pushed)),
            (
                "conflicts",
                .array(conflicts.map { .object([("file", .string($0.file)), ("reason", .string($0.reason))]) })
            ),
            ("exit", .integer(Int(code))),
        ])
    }
}

/// Why git left a file unmerged, in words.
enum SyncConflicts {
    static func reason(_ file: String, git: GitRepository, layout: StoreLayout) -> String {
        let kind = MergeFileKind.classify(file)
        if let refusal = StoreFileMerge.refusal(kind) {
            return kind == .unknown && !file.contains(".beads/")
                ? "a file outside .beads/ changed on both sides" : refusal
        }
        for (stage, side) in [(2, "ours"), (3, "theirs")] {
            let shown = git.run(["show", ":\(stage):\(file)"])
            guard shown.succeeded else { continue }
            do {
                _ = try TOMLParser.parse(shown.stdout, file: "\(file) (\(side))")
            } catch {
                return "\(side) does not parse, so the driver left it: \(error)"
            }
        }
        if let problem = GitMergeSetup.problems(layout, in: git).first { return problem }
        return "the merge driver could not merge it"
    }
}
