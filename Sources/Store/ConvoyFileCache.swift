import Core
import Foundation

/// The convoy files one load reads, each once, and their teams, shared by the convoy's molecules (their team's
/// display name); safe to share between the threads of a parallel load.
final class ConvoyFileCache: @unchecked Sendable {
    private let layout: StoreLayout
    private var files: [String: ConvoyFile?] = [:]
    private var directories: [String: TeamDirectory] = [:]
    /// Each (convoy, team, assignee) resolved once: a convoy's molecules mostly share a few spellings, and
    /// resolving one tries every spelling rule against every team.
    private var resolved: [TeamKey: Team?] = [:]
    private struct TeamKey: Hashable {
        let convoy: String
        let team: String?
        let assignee: String?
    }
    private let lock = NSLock()

    init(layout: StoreLayout) { self.layout = layout }

    /// The convoy's file, or nil when it is missing or does not parse (the convoy's load reports why).
    func file(_ convoy: String) -> ConvoyFile? {
        lock.lock()
        defer { lock.unlock() }
        if let known = files[convoy] { return known }
        let path = layout.convoyFile(convoy)
        let file = (try? AtomicFile.read(path)).flatMap { $0 }.flatMap {
            ConvoyFile.parse($0, name: convoy, file: layout.relative(path)).0
        }
        files[convoy] = file
        return file
    }

    /// The convoy's teams (none when its file is unusable).
    func teams(_ convoy: String) -> TeamDirectory {
        if let known = lock.withLock({ directories[convoy] }) { return known }
        let directory = file(convoy)?.teamDirectory ?? .empty
        lock.withLock { directories[convoy] = directory }
        return directory
    }

    /// The molecule's team (`MoleculeTeam.of`) in its convoy.
    func team(of molecule: MoleculeFile, convoy: String) -> Team? {
        let key = TeamKey(convoy: convoy, team: molecule.team, assignee: molecule.assignee)
        if let known = lock.withLock({ resolved[key] }) { return known }
        let team = MoleculeTeam.of(molecule, teams: teams(convoy))
        lock.withLock { resolved[key] = team }
        return team
    }
}
