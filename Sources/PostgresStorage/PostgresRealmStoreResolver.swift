import Foundation
import Storage
import Synchronization

/// Realm stores on PostgreSQL: `platform` lives in the master database (its realm tables beside the master tables);
/// each tenant realm has its own database, found by `locate`. At most `maxOpenPools` tenant pools stay cached (LRU; a dropped pool closes once no request holds it).
public final class PostgresRealmStoreResolver: RealmStoreResolver {
    /// Finds the connection string of a tenant realm's database (the tenancy layer makes this a vault lookup).
    public typealias Locator = @Sendable (RealmID) throws -> String

    /// The master database, which is also the platform realm's store.
    public let master: PostgresDatabase
    private let locate: Locator
    private let poolSize: Int
    private let pools: RealmStoreCache<PostgresDatabase>
    private let platformPrepared = Mutex(false)

    /// A resolver over the master database at `masterURL`; `locate` defaults to `defaultLocator(masterURL:)`.
    public init(masterURL: ConnectionString, locate: Locator? = nil, poolSize: Int = 4, maxOpenPools: Int = 32) throws {
        master = try PostgresDatabase(url: masterURL, poolSize: poolSize)
        self.locate = locate ?? PostgresRealmStoreResolver.defaultLocator(masterURL: masterURL)
        self.poolSize = poolSize
        pools = RealmStoreCache(capacity: maxOpenPools)
    }

    /// A resolver over the master database at the connection string `masterURL`.
    public convenience init(masterURL: String, locate: Locator? = nil, poolSize: Int = 4, maxOpenPools: Int = 32) throws {
        try self.init(masterURL: ConnectionString(masterURL), locate: locate, poolSize: poolSize, maxOpenPools: maxOpenPools)
    }

    /// Opens the master database at `url` and applies `Schema.master`.
    public static func openMaster(url: ConnectionString, poolSize: Int = 4) throws -> PostgresDatabase {
        try Migrator.closingOnFailure(try PostgresDatabase(url: url, poolSize: poolSize)) {
            try Migrator.migrate($0, schema: .master)
        }
    }

    /// Same server and credentials as the master, database `gatehouse_realm_<id with - as _>` (which must exist).
    public static func defaultLocator(masterURL: ConnectionString) -> Locator {
        { realm in try PostgresConnectionInfo.replacingDatabase(in: masterURL.value, with: databaseName(for: realm)) }
    }

    /// The database the default locator names for a tenant realm.
    public static func databaseName(for realm: RealmID) -> String {
        "gatehouse_realm_" + realm.rawValue.replacingOccurrences(of: "-", with: "_")
    }

    /// Creates a tenant realm's database on the master's server (default locator layout) unless it exists.
    public func createDatabase(for realm: RealmID) throws {
        guard realm != .platform else { return }
        try master.createDatabaseIfMissing(Self.databaseName(for: realm))
    }

    /// The store of `realm`: the master database for the platform, else the tenant's pool, opened and checked on first use.
    public func store(for realm: RealmID) throws -> any Database {
        if realm == .platform { return try platformStore() }
        return try pools.store(for: realm) {
            try PostgresDatabase(url: ConnectionString(try locate(realm)), poolSize: poolSize)
        }
    }

    private func platformStore() throws -> PostgresDatabase {
        if platformPrepared.withLock({ $0 }) { return master }
        try Migrator.migrate(master, schema: .master)
        try RealmStoreGuard.prepare(master, for: .platform)
        platformPrepared.withLock { $0 = true }
        return master
    }

    /// The realms whose stores are open (the platform once prepared).
    public func openStores() -> [RealmID] {
        (platformPrepared.withLock { $0 } ? [RealmID.platform] : []) + pools.realms
    }

    /// Closes every tenant pool and the master pool.
    public func closeAll() {
        pools.closeAll()
        master.close()
    }
}
