import ArgumentParser
import Foundation
import Store

/// `gastown doctor`: what stands between this clone and working with the team, checked in one go.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract:
            "Check this clone's set-up: the workspace, gastown on PATH, the git merge driver, trust store, signing key, store problems.",
        discussion: """
            Each check prints ok, warn or FAIL with what to do. Exit 0 when nothing fails (warnings allowed), 1 \
            otherwise. --json prints {"healthy": bool, "checks": [{"check", "status": "ok|warning|failure", "message"}]}.
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var signing: SigningOptions

    enum Status: String { case ok, warning, failure }

    struct Check {
        var name: String
        var status: Status
        var message: String
    }

    func run() throws {
        let checks = diagnose()
        let healthy = !checks.contains { $0.status == .failure }
        if options.json {
            Output.json(
                .object([
                    ("healthy", .bool(healthy)),
                    (
                        "checks",
                        .array(
                            checks.map {
                                .object([
                                    ("check", .string($0.name)), ("status", .string($0.status.rawValue)),
                                    ("message", .string($0.message)),
                                ])
                            })
                    ),
                ]))
        } else {
            for check in checks {
                let word = check.status == .ok ? "ok  " : check.status == .warning ? "warn" : "FAIL"
                Output.line("\(word)  \(check.name): \(Output.safe(check.message))")
            }
        }
        if !healthy { throw ExitCode(Exit.failure) }
    }

    private func diagnose() -> [Check] {
        var checks: [Check] = [onPath()]
        let layout: StoreLayout
        do throws(StoreError) {
            layout = try options.layout()
            checks.append(Check(name: "workspace", status: .ok, message: layout.workspace))
        } catch {
            checks.append(Check(name: "workspace", status: .failure, message: error.message))
            return checks
        }
        checks += git(layout)
        checks.append(trustStore())
        let store = try? options.store()
        checks.append(signingKey(store))
        if let store { checks.append(storeProblems(store)) }
        return checks
    }

    /// Git runs the driver as `gastown`: it must be found on PATH.
    private func onPath() -> Check {
        let directories = (options.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        if let found = directories.first(where: { FileManager.default.isExecutableFile(atPath: $0 + "/gastown") }) {
            return Check(name: "gastown on PATH", status: .ok, message: found + "/gastown")
        }
        return Check(
            name: "gastown on PATH", status: .failure,
            message:
                "gastown is not on PATH, so git cannot run its merge driver: install it (make install) or add its directory to PATH"
        )
    }

    private func git(_ layout: StoreLayout) -> [Check] {
        guard let repository = GitRepository.containing(layout.workspace) else {
            return [
                Check(
                    name: "git", status: .warning,
                    message: "not a git work tree: .beads/ is not shared (git init, then gastown init)")
            ]
        }
        var checks: [Check] = []
        let problems = GitMergeSetup.problems(layout, in: repository)
        checks.append(
            problems.isEmpty
                ? Check(
                    name: "merge driver", status: .ok,
                    message: "registered; .beads/.gitattributes routes the store's files to it")
                : Check(name: "merge driver", status: .failure, message: problems.joined(separator: "; ")))
        if let counts = repository.aheadBehind() {
            let text = "\(counts.ahead) commit(s) ahead, \(counts.behind) behind the upstream (as last fetched)"
            checks.append(
                Check(
                    name: "remote", status: counts.behind > 0 ? .warning : .ok,
                    message: text + (counts.behind > 0 ? ": run gastown sync" : "")))
        } else {
            checks.append(
                Check(
                    name: "remote", status: .warning,
                    message: "the branch has no upstream: `gastown sync --remote R` sets it"))
        }
        return checks
    }

    private func trustStore() -> Check {
        guard TrustStore.locate(environment: options.environment) != nil else {
            return Check(
                name: "trust store", status: .warning,
                message:
                    "no place for the trust store (HOME and XDG_STATE_HOME are unset): reviewer trails cannot be pinned"
            )
        }
        return Check(name: "trust store", status: .ok, message: "available")
    }

    private func signingKey(_ store: BeadsStore?) -> Check {
        if store?.signingContext().policy == .unsigned {
            return Check(name: "signing key", status: .ok, message: "not needed: the workspace is unsigned")
        }
        do throws(StoreError) {
            let key = try SigningKeyLookup.resolve(
                explicit: signing.signingKey, environment: options.environment, gitConfig: SystemIdentity.gitConfig,
                demoKey: store?.demoSigningKeyPath)
            return Check(name: "signing key", status: .ok, message: "\(key.publicKey.fingerprint) (\(key.displayPath))")
        } catch {
            return Check(
                name: "signing key", status: .warning,
                message: "none: you cannot approve or reject (\(error.message.prefix { $0 != "\n" }))")
        }
    }

    private func storeProblems(_ store: BeadsStore) -> Check {
        let snapshot = store.loadAll()
        let problems = (snapshot.problems + snapshot.molecules.flatMap(\.problems)).filter { $0.severity == .error }
        guard let first = problems.first else {
            return Check(
                name: "store", status: .ok, message: "\(snapshot.molecules.count) molecule(s) load without errors")
        }
        return Check(
            name: "store", status: .failure,
            message:
                "\(problems.count) problem(s), first: \(first.description) (details: gastown molecule list, gastown audit verify)"
        )
    }
}
