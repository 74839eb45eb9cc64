import Foundation
import Storage
import Synchronization

/// Realm stores as SQLite files `realms/<realm>.sqlite` under one data directory (the platform included),
/// created, migrated and claimed on first use; at most `maxOpenStores` stay cached (the least recently used is dropped first and closes once no request holds it).
public final class SQLiteRealmStoreResolver: RealmStoreResolver {
    /// The data directory holding `master.sqlite` and `realms/`.
    public let dataDirectory: String
    private let poolSize: Int
    private let stores: RealmStoreCache<SQLiteDatabase>

    /// A resolver over `dataDirectory`; nothing is opened until a store is asked for.
    public init(dataDirectory: String, poolSize: Int = 4, maxOpenStores: Int = 64) {
        self.dataDirectory = dataDirectory
        self.poolSize = poolSize
        stores = RealmStoreCache(capacity: maxOpenStores)
    }

    /// Opens `master.sqlite` in `dataDirectory` and applies `Schema.master`.
    public static func openMaster(dataDirectory: String, poolSize: Int = 4) throws -> SQLiteDatabase {
        try Migrator.closingOnFailure(try SQLiteDatabase(path: dataDirectory + "/master.sqlite", poolSize: poolSize)) {
            try Migrator.migrate($0, schema: .master)
        }
    }

    /// The file holding `realm`'s store.
    public func path(for realm: RealmID) -> String {
        dataDirectory + "/realms/\(realm.rawValue).sqlite"
    }

    /// The open store of `realm`, opening, migrating and checking it on first use.
    public func store(for realm: RealmID) throws -> any Database {
        try stores.store(for: realm) { try SQLiteDatabase(path: path(for: realm), poolSize: poolSize) }
    }

    /// The realms whose stores are open.
    public func openStores() -> [RealmID] {
        stores.realms
    }

    /// Closes every open store.
    public func closeAll() {
        stores.closeAll()
    }
}
