import Foundation

/// One load of many convoys' molecules, asked for a few convoys at a time, from any number of threads (the
/// dashboard's background load). As in `loadAll`, every part shares one formula cache, one signing context (the
/// configuration and this user's trust pins read once, each convoy's reviewers checked once) and one read of the
/// signature cache, started on another thread as soon as the load is made, however the convoys are split up.
public final class MoleculeLoad: Sendable {
    private let store: BeadsStore
    private let context: BeadsStore.LoadContext

    public init(_ store: BeadsStore) {
        store.signatureCache?.preload()
        self.store = store
        context = BeadsStore.LoadContext(store)
    }

    /// The molecules of one convoy, loaded on the calling thread: for a caller that keeps every core busy with
    /// threads of its own (a parallel load inside each would leave its threads waiting for one another).
    public func molecules(ofConvoy convoy: String) -> [MoleculeState] {
        defer { store.signatureCache?.flush() }
        return store.loadableMoleculeNames(in: convoy).map { store.loadMolecule($0, convoy: convoy, context: context) }
    }

    /// Loads the molecules of `convoys` in order, handing each convoy's molecules to `deliver` (on
    /// the calling thread) as soon as they are loaded; `deliver` returns false to stop early.
    /// Convoys load in groups of 1, 2, 4, 8… convoys, each group on every core: the first convoy
    /// arrives quickly, and the cores wait for each other only once per group rather than once per convoy.
    public func molecules(ofConvoys convoys: [String], deliver: (String, [MoleculeState]) -> Bool) {
        defer { store.signatureCache?.flush() }
        var next = 0
        var groupSize = 1
        while next < convoys.count {
            let group = convoys[next..<min(convoys.count, next + groupSize)]
            next += group.count
            groupSize *= 2
            let names = group.map { convoy in store.loadableMoleculeNames(in: convoy).map { (convoy, $0) } }
            var molecules = store.loadInParallel(names.flatMap { $0 }, context: context)[...]
            for (convoy, members) in zip(group, names) {
                if !deliver(convoy, Array(molecules.prefix(members.count))) { return }
                molecules = molecules.dropFirst(members.count)
            }
        }
    }
}
