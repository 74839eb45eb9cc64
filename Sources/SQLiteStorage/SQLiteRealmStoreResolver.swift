import Foundation
import Storage
import Synchronization

/// Realm stores as SQLite files `realms/<realm>.sqlite` under one data directory (the platform included),
/// created, migrated and claimed on first use; at most `maxOpenStores` stay open (least recently used closed first).
public final class SQLiteRealmStoreResolver: RealmStoreResolver {
    /// The data directory holding `master.sqlite` and `realms/`.
    public let dataDirectory: String
    private let poolSize: Int
    private let stores: Mutex<LRUCache<RealmID, SQLiteDatabase>>

    /// A resolver over `dataDirectory`; nothing is opened until a store is asked for.
    public init(dataDirectory: String, poolSize: Int = 4, maxOpenStores: Int = 64) {
        self.dataDirectory = dataDirectory
        self.poolSize = poolSize
        stores = Mutex(LRUCache(capacity: maxOpenStores))
    }

    /// Opens `master.sqlite` in `dataDirectory` and applies `Schema.master`.
    public static func openMaster(dataDirectory: String, poolSize: Int = 4) throws -> SQLiteDatabase {
        let db = try SQLiteDatabase(path: dataDirectory + "/master.sqlite", poolSize: poolSize)
        do {
            try Migrator.migrate(db, schema: .master)
        } catch {
            db.close()
            throw error
        }
        return db
    }

    /// The file holding `realm`'s store.
    public func path(for realm: RealmID) -> String {
        dataDirectory + "/realms/\(realm.rawValue).sqlite"
    }

    /// The open store of `realm`, opening, migrating and checking it on first use.
    public func store(for realm: RealmID) throws -> any Database {
        if let open = stores.withLock({ $0.get(realm) }) { return open }
        // Open outside the lock so one slow file does not stall other realms.
        let db = try SQLiteDatabase(path: path(for: realm), poolSize: poolSize)
        do {
            try RealmStoreGuard.prepare(db, for: realm)
        } catch {
            db.close()
            throw error
        }
        let (winner, evicted) = stores.withLock { cache -> (SQLiteDatabase, [SQLiteDatabase]) in
            if let existing = cache.get(realm) { return (existing, [db]) }
            return (db, cache.insert(realm, db))
        }
        evicted.forEach { $0.close() }
        return winner
    }

    /// The realms whose stores are open.
    public func openStores() -> [RealmID] {
        stores.withLock { $0.keys }.sorted()
    }

    /// Closes every open store.
    public func closeAll() {
        stores.withLock { $0.removeAll() }.forEach { $0.close() }
    }
}
