import Foundation

/// Applies a `Schema`'s migrations to a database, each in its own transaction, recording them in `schema_migrations`.
public enum Migrator {
    /// Applies the migrations not yet recorded and returns them; refuses a database recording a newer version.
    ///
    /// Safe to run from several processes at once: PostgreSQL serialises on an advisory transaction lock,
    /// SQLite on `BEGIN IMMEDIATE`. Re-running is a no-op.
    @discardableResult
    public static func migrate(_ db: any Database, schema: Schema, now: @Sendable () -> Int64 = unixNow) throws -> [Migration] {
        try validate(schema)
        let pending: [Migration] = try db.transaction { ex in
            try lock(ex)
            try ensureTable(ex)
            let recorded = try checkedVersions(ex, schema)
            return schema.migrations.filter { !recorded.contains($0.version) }
        }
        var applied: [Migration] = []
        for migration in pending.sorted(by: { $0.version < $1.version }) {
            let didApply: Bool = try db.transaction { ex in
                try lock(ex)
                let recorded = try checkedVersions(ex, schema)
                if recorded.contains(migration.version) { return false }   // another process got there first
                do {
                    try ex.executeScript(migration.sql(for: ex.dialect))
                } catch let error as StorageError {
                    throw StorageError(.migrationFailed,
                        "\(schema.name) v\(migration.version) (\(migration.name)): \(error.code): \(error.reason)")
                }
                try ex.execute(
                    "INSERT INTO schema_migrations (schema, version, name, applied_at) VALUES ($1, $2, $3, $4)",
                    [.text(schema.name), .integer(Int64(migration.version)), .text(migration.name), .integer(now())])
                return true
            }
            if didApply { applied.append(migration) }
        }
        return applied
    }

    /// The versions of `schema` recorded in the database, ascending; empty when nothing was ever migrated.
    public static func appliedVersions(_ db: any Database, schema: Schema) throws -> [Int] {
        try db.read { ex in
            guard try tableExists(ex) else { return [] }
            return try recordedVersions(ex, schema).sorted()
        }
    }

    /// Seconds since 1970, the default clock for `applied_at`.
    public static func unixNow() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// Returns `db` after `prepare` succeeds on it; closes it and rethrows when `prepare` fails.
    package static func closingOnFailure<Store: Database>(_ db: Store, _ prepare: (Store) throws -> Void) throws -> Store {
        do {
            try prepare(db)
            return db
        } catch {
            db.close()
            throw error
        }
    }

    private static func validate(_ schema: Schema) throws {
        var last = 0
        for m in schema.migrations {
            guard m.version > last else {
                throw StorageError(.invalidConfiguration, "schema \(schema.name): versions must start at 1 and increase")
            }
            last = m.version
        }
    }

    /// Serialises concurrent migrators (PostgreSQL; SQLite already holds the write lock from BEGIN IMMEDIATE).
    private static func lock(_ ex: any SQLExecutor) throws {
        guard ex.dialect == .postgres else { return }
        // A fixed key ("Gatehous" in ASCII) shared by every schema; released at transaction end.
        _ = try ex.query("SELECT pg_advisory_xact_lock(5143520228326471027)")
    }

    private static func ensureTable(_ ex: any SQLExecutor) throws {
        try ex.executeScript("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                schema TEXT NOT NULL,
                version BIGINT NOT NULL,
                name TEXT NOT NULL,
                applied_at BIGINT NOT NULL,
                PRIMARY KEY (schema, version)
            )
            """)
    }

    private static func tableExists(_ ex: any SQLExecutor) throws -> Bool {
        switch ex.dialect {
        case .sqlite:
            return try !ex.query(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").isEmpty
        case .postgres:
            return try !ex.query("""
                SELECT 1 FROM information_schema.tables
                WHERE table_name = 'schema_migrations' AND table_schema = current_schema()
                """).isEmpty
        }
    }

    private static func recordedVersions(_ ex: any SQLExecutor, _ schema: Schema) throws -> Set<Int> {
        let rows = try ex.query("SELECT version FROM schema_migrations WHERE schema = $1", [.text(schema.name)])
        return Set(try rows.map { Int(try $0.int("version")) })
    }

    private static func checkedVersions(_ ex: any SQLExecutor, _ schema: Schema) throws -> Set<Int> {
        let recorded = try recordedVersions(ex, schema)
        if let newest = recorded.max(), newest > schema.latestVersion {
            throw StorageError(.schemaTooNew,
                "database has \(schema.name) schema v\(newest) but this build knows up to v\(schema.latestVersion); upgrade Gatehouse")
        }
        return recorded
    }
}
