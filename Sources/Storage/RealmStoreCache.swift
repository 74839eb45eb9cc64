import Synchronization

/// The open realm stores of a resolver: opened on first use, prepared (migrated and claimed),
/// kept in a bounded LRU. An evicted store is not closed here: a request may still hold it and start a
/// transaction on it, so it closes itself (its `deinit`) when the last holder lets it go.
package final class RealmStoreCache<Store: Database>: Sendable {
    private let stores: Mutex<LRUCache<RealmID, Store>>

    /// A cache keeping at most `capacity` stores open.
    package init(capacity: Int) {
        stores = Mutex(LRUCache(capacity: capacity))
    }

    /// The cached store of `realm`, or one made by `open` and prepared by `RealmStoreGuard`.
    /// Opening happens outside the lock, so one slow database does not stall other realms.
    package func store(for realm: RealmID, open: () throws -> Store) throws -> Store {
        if let cached = stores.withLock({ $0.get(realm) }) { return cached }
        let opened = try Migrator.closingOnFailure(try open()) { try RealmStoreGuard.prepare($0, for: realm) }
        // Evicted stores leave the lock with `evicted`: if this was their last reference, their close (and its
        // I/O) happens when it goes out of scope here, not under the lock.
        let (winner, lostRace, evicted) = stores.withLock { cache -> (Store, Store?, [Store]) in
            if let existing = cache.get(realm) { return (existing, opened, []) }
            return (opened, nil, cache.insert(realm, opened))
        }
        lostRace?.close()  // nobody else has seen it
        _ = evicted
        return winner
    }

    /// The realms whose stores are open, sorted.
    package var realms: [RealmID] {
        stores.withLock { $0.keys }.sorted()
    }

    /// Closes every cached store.
    package func closeAll() {
        stores.withLock { $0.removeAll() }.forEach { $0.close() }
    }
}
