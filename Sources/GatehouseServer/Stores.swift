import PostgresStorage
import SQLiteStorage
import Storage

/// The master store and the realm stores of one running Gatehouse, on the configured backend.
public final class Stores: Sendable {
    /// The master database: tenant directory, server inventory, catalogs; never PHI or connection strings.
    public let master: any Database
    /// Resolves a realm to its own store.
    public let realms: any RealmStoreResolver
    /// `sqlite` or `postgres`.
    public let backend: SQLDialect

    private init(master: any Database, realms: any RealmStoreResolver, backend: SQLDialect) {
        self.master = master
        self.realms = realms
        self.backend = backend
    }

    /// Opens (and migrates) the master store and the platform realm's store.
    public static func open(_ configuration: GatehouseConfiguration) throws -> Stores {
        let stores: Stores
        if let url = configuration.databaseURL {
            let resolver = try PostgresRealmStoreResolver(masterURL: url)
            stores = Stores(master: resolver.master, realms: resolver, backend: .postgres)
        } else {
            let master = try SQLiteRealmStoreResolver.openMaster(dataDirectory: configuration.dataDirectory)
            stores = Stores(master: master, realms: SQLiteRealmStoreResolver(dataDirectory: configuration.dataDirectory),
                            backend: .sqlite)
        }
        _ = try stores.realms.store(for: .platform)
        return stores
    }

    /// Creates what a new tenant realm's store needs before first use: on PostgreSQL its own database
    /// on the master's server; embedded SQLite files are created on first use.
    func createRealmStorage(_ realm: RealmID) throws {
        if let postgres = realms as? PostgresRealmStoreResolver { try postgres.createDatabase(for: realm) }
    }

    /// The readiness checks: the master store and the platform store answer.
    public var readinessChecks: [ReadinessCheck] {
        let master = self.master, realms = self.realms
        return [
            ReadinessCheck("master_store") { try master.ping() },
            ReadinessCheck("platform_store") { try realms.store(for: .platform).ping() },
        ]
    }

    /// Closes every store.
    public func close() {
        realms.closeAll()
        master.close()
    }
}
