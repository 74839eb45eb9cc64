/// Prepares a realm store and guards against a misrouted one (a connection string or file of another realm).
public enum RealmStoreGuard {
    /// Migrates `db` with `Schema.realm`, claims it for `realm` when unclaimed, and refuses it when it names another realm.
    public static func prepare(_ db: any Database, for realm: RealmID, now: @Sendable () -> Int64 = Migrator.unixNow) throws {
        try Migrator.migrate(db, schema: .realm, now: now)
        try db.transaction { ex in
            // Two first opens must not both find the table empty: SQLite's BEGIN IMMEDIATE already serialises
            // writers; on PostgreSQL (READ COMMITTED) a lock that conflicts with itself does, until commit.
            if ex.dialect == .postgres { try ex.executeScript("LOCK TABLE realm_info IN SHARE ROW EXCLUSIVE MODE") }
            let owners = try ex.query("SELECT realm_id FROM realm_info").map { try $0.string("realm_id") }
            if owners.isEmpty {
                try ex.execute("INSERT INTO realm_info (realm_id, created_at) VALUES ($1, $2)",
                               [.text(realm.rawValue), .integer(now())])
            } else if owners != [realm.rawValue] {
                throw StorageError(.realmMismatch,
                    "store belongs to realm '\(owners.joined(separator: ","))', not '\(realm)'; refusing a misrouted store")
            }
        }
    }

    /// The realm recorded in `db`, or nil when the store is unclaimed.
    public static func owner(of db: any Database) throws -> RealmID? {
        try db.read { ex in
            guard let row = try ex.queryFirst("SELECT realm_id FROM realm_info") else { return nil }
            return try RealmID(try row.string("realm_id"))
        }
    }
}
