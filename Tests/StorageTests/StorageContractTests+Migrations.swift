import Foundation
import PostgresStorage
import SQLiteStorage
import Storage
import Testing

extension StorageContractTests {
    static let widgets = Schema(name: "widgets", migrations: [
        Migration(version: 1, name: "widgets",
                  sqlite: "CREATE TABLE widgets (id BIGINT PRIMARY KEY, name TEXT NOT NULL);",
                  postgres: "CREATE TABLE widgets (id BIGINT PRIMARY KEY, name TEXT NOT NULL);"),
        Migration(version: 2, name: "widget colour",
                  sqlite: "ALTER TABLE widgets ADD COLUMN colour TEXT; CREATE INDEX widgets_colour ON widgets (colour);",
                  postgres: "ALTER TABLE widgets ADD COLUMN colour TEXT; CREATE INDEX widgets_colour ON widgets (colour);"),
    ])

    @Test("migrations apply once; a re-run is a no-op; schemas are tracked apart", arguments: Backend.available)
    func migrationsApplyOnce(backend: Backend) throws {
        let db = try backend.makeDatabase()
        defer { db.close() }
        #expect(try Migrator.appliedVersions(db, schema: .master) == [])
        #expect(try Migrator.migrate(db, schema: .master).map(\.version) == [1])
        #expect(try Migrator.migrate(db, schema: .master).isEmpty)
        #expect(try Migrator.migrate(db, schema: Self.widgets).map(\.version) == [1, 2])
        #expect(try Migrator.migrate(db, schema: Self.widgets).isEmpty)
        #expect(try Migrator.appliedVersions(db, schema: .master) == [1])
        #expect(try Migrator.appliedVersions(db, schema: Self.widgets) == [1, 2])
        let platform = try db.read { try $0.queryFirst("SELECT status FROM realms WHERE id = $1", ["platform"]) }
        #expect(try platform?.string("status") == "active")
        try db.transaction { try $0.execute("INSERT INTO widgets (id, name, colour) VALUES ($1, $2, $3)", [1, "w", "red"]) }
    }

    @Test("realm migration 7 upgrades a store in use: users and credentials stay, flows start again and may lack a user",
          arguments: Backend.available)
    func realmFlowsUpgrade(backend: Backend) throws {
        let db = try backend.makeDatabase()
        defer { db.close() }
        let version6 = Schema(name: Schema.realm.name, migrations: Schema.realm.migrations.filter { $0.version <= 6 })
        try Migrator.migrate(db, schema: version6)
        try db.transaction { ex in
            try ex.execute("""
                INSERT INTO users (id, username, username_key, email, roles, disabled, password_hash, created_at)
                VALUES ('u1', 'Ann', 'ann', NULL, 'user', 0, 'h', 1)
                """)
            try ex.execute("""
                INSERT INTO flows (id_hash, purpose, user_id, session_id, started_at, expires_at, attempts, pending, version)
                VALUES ('f1', 'login', 'u1', NULL, 1, 301, 0, '{}', 1)
                """)
        }
        #expect(try Migrator.migrate(db, schema: .realm).map(\.version) == [7])
        try db.transaction { ex in
            #expect(try ex.queryFirst("SELECT COUNT(*) AS n FROM flows")?.int("n") == 0)
            #expect(try ex.queryFirst("SELECT username FROM users WHERE id = 'u1'")?.string("username") == "Ann")
            try ex.execute("""
                INSERT INTO flows (id_hash, purpose, user_id, session_id, started_at, expires_at, attempts, pending, version)
                VALUES ('f2', 'passwordless', NULL, NULL, 1, 301, 0, '{}', 1), ('f3', 'login', 'u1', NULL, 1, 301, 0, '{}', 1)
                """)
        }
        // The user reference still holds: a flow for no such user is refused, and deleting the user takes theirs.
        #expect(throws: StorageError.self) {
            try db.transaction { try $0.execute("""
                INSERT INTO flows (id_hash, purpose, user_id, session_id, started_at, expires_at, attempts, pending, version)
                VALUES ('f4', 'login', 'ghost', NULL, 1, 301, 0, '{}', 1)
                """) }
        }
        try db.transaction { try $0.execute("DELETE FROM users WHERE id = 'u1'") }
        #expect(try db.read { try $0.query("SELECT id_hash FROM flows").map { try $0.string("id_hash") } } == ["f2"])
    }

    @Test("a database recording a newer version than the code knows is refused", arguments: Backend.available)
    func newerVersionRefused(backend: Backend) throws {
        let db = try backend.makeDatabase()
        defer { db.close() }
        try Migrator.migrate(db, schema: Self.widgets)
        let older = Schema(name: "widgets", migrations: [Self.widgets.migrations[0]])
        #expect(throws: StorageError(.schemaTooNew, "")) { try Migrator.migrate(db, schema: older) }
    }

    @Test("a failing migration leaves nothing behind and is reported", arguments: Backend.available)
    func failingMigrationRollsBack(backend: Backend) throws {
        let db = try backend.makeDatabase()
        defer { db.close() }
        let broken = Schema(name: "broken", migrations: [
            Migration(version: 1, name: "half", sqlite: "CREATE TABLE half (id BIGINT); SELEKT nonsense;",
                      postgres: "CREATE TABLE half (id BIGINT); SELEKT nonsense;"),
        ])
        #expect(throws: StorageError(.migrationFailed, "")) { try Migrator.migrate(db, schema: broken) }
        #expect(try Migrator.appliedVersions(db, schema: broken) == [])
        try db.transaction { try $0.executeScript("CREATE TABLE half (id BIGINT)") }   // proves it was rolled back
    }

    @Test("migrators started at once apply each migration exactly once", arguments: Backend.available)
    func concurrentMigrations(backend: Backend) throws {
        let db = try backend.makeDatabase(poolSize: 8, checkoutTimeout: .seconds(30))
        defer { db.close() }
        let applied = Collector<Int>(), failures = Collector<String>()
        runConcurrently(8) { _ in
            do {
                for m in try Migrator.migrate(db, schema: Self.widgets) { applied.append(m.version) }
            } catch {
                failures.append("\(error)")
            }
        }
        #expect(failures.all == [])
        #expect(applied.all.sorted() == [1, 2])
        #expect(try Migrator.appliedVersions(db, schema: Self.widgets) == [1, 2])
    }

    @Test("racing first opens claim a store for exactly one realm", arguments: Backend.available)
    func concurrentClaimsSerialise(backend: Backend) throws {
        for _ in 0..<20 {   // the race is narrow: several rounds make an unserialised claim show
            let db = try backend.makeDatabase(poolSize: 8, checkoutTimeout: .seconds(30))
            defer { db.close() }
            try Migrator.migrate(db, schema: .realm)
            let claimed = Collector<String>(), mismatches = Collector<String>(), failures = Collector<String>()
            runConcurrently(8) { index in
                do {
                    try RealmStoreGuard.prepare(db, for: try RealmID("realm-\(index)"))
                    claimed.append("realm-\(index)")
                } catch let error as StorageError where error.code == .realmMismatch {
                    mismatches.append("\(index)")
                } catch {
                    failures.append("\(error)")
                }
            }
            #expect(failures.all == [])
            #expect(claimed.all.count == 1)
            #expect(mismatches.all.count == 7)
            #expect(try db.read { try $0.query("SELECT realm_id FROM realm_info") }.count == 1)
            // The same realm opened from many threads at once: all succeed, one row.
            let fresh = try backend.makeDatabase(poolSize: 8, checkoutTimeout: .seconds(30))
            defer { fresh.close() }
            try Migrator.migrate(fresh, schema: .realm)
            let sameFailures = Collector<String>()
            runConcurrently(8) { _ in
                do { try RealmStoreGuard.prepare(fresh, for: try RealmID("acme")) } catch { sameFailures.append("\(error)") }
            }
            #expect(sameFailures.all == [])
        }
    }

    @Test("the resolver opens, migrates, claims and caches realm stores", arguments: Backend.available)
    func resolverOpensStores(backend: Backend) throws {
        let resolver = try makeResolver(backend, route: { $0.rawValue })
        defer { resolver.closeAll() }
        let acme = try RealmID("acme-1")
        let platform = try resolver.store(for: .platform)
        let store = try resolver.store(for: acme)
        #expect(try resolver.store(for: acme) === store)
        #expect(platform !== store)
        #expect(try RealmStoreGuard.owner(of: store) == acme)
        #expect(try RealmStoreGuard.owner(of: platform) == .platform)
        #expect(try Migrator.appliedVersions(store, schema: .realm) == Schema.realm.migrations.map(\.version))
        #expect(Set(resolver.openStores()) == [.platform, acme])
        resolver.closeAll()
        #expect(resolver.openStores().filter { $0 != .platform }.isEmpty)
    }

    @Test("the realm_info guard refuses a store that belongs to another realm", arguments: Backend.available)
    func misroutedStoreRefused(backend: Backend) throws {
        let acme = try RealmID("acme"), globex = try RealmID("globex")
        let resolver: any RealmStoreResolver
        if backend == .sqlite {
            // acme's file is copied into globex's place: a misplaced file.
            let sqlite = SQLiteRealmStoreResolver(dataDirectory: FileManager.default.temporaryDirectory
                .appendingPathComponent("gh-resolver-\(UUID())").path)
            _ = try sqlite.store(for: acme)
            sqlite.closeAll()
            try FileManager.default.copyItem(atPath: sqlite.path(for: acme), toPath: sqlite.path(for: globex))
            resolver = sqlite
        } else {
            // Both realms are routed to the same database: a misrouted connection string.
            resolver = try makeResolver(backend, route: { _ in "shared" })
            _ = try resolver.store(for: acme)
        }
        defer { resolver.closeAll() }
        #expect(throws: StorageError(.realmMismatch, "")) { try resolver.store(for: globex) }
        #expect(!resolver.openStores().contains(globex))
    }

    /// A resolver whose tenant realms land in the store named by `route` (one file or one PostgreSQL schema each).
    private func makeResolver(_ backend: Backend, route: @escaping @Sendable (RealmID) -> String) throws -> any RealmStoreResolver {
        try backend.requireAvailable()
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gh-resolver-\(UUID())").path
            return SQLiteRealmStoreResolver(dataDirectory: directory)
        case .postgres:
            let urls = Locked<[String: String]>([:])
            return try PostgresRealmStoreResolver(masterURL: try Backend.freshPostgresURL(), locate: { realm in
                let key = route(realm)
                if let url = urls.withLock({ $0[key] }) { return url }
                let url = try Backend.freshPostgresURL()
                urls.withLock { $0[key] = url }
                return url
            })
        }
    }
}
