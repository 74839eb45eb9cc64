import Foundation

/// One numbered schema change, written once per dialect.
public struct Migration: Sendable {
    /// The version this migration brings the schema to (1, 2, …, strictly increasing).
    public let version: Int
    /// A short name recorded next to the version.
    public let name: String
    /// The SQLite text (one or more statements).
    public let sqlite: String
    /// The PostgreSQL text (one or more statements).
    public let postgres: String

    /// Makes a migration.
    public init(version: Int, name: String, sqlite: String, postgres: String) {
        self.version = version
        self.name = name
        self.sqlite = sqlite
        self.postgres = postgres
    }

    /// Makes a migration from one text for both dialects, where `BYTES` stands for the binary
    /// column type (`BLOB` in SQLite, `BYTEA` in PostgreSQL), the only difference our tables need.
    public init(version: Int, name: String, portable sql: String) {
        self.init(version: version, name: name, sqlite: sql.replacingOccurrences(of: "BYTES", with: "BLOB"),
                  postgres: sql.replacingOccurrences(of: "BYTES", with: "BYTEA"))
    }

    /// The text for `dialect`.
    public func sql(for dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: return sqlite
        case .postgres: return postgres
        }
    }
}

/// A named, ordered list of migrations whose applied versions are tracked separately (e.g. "master", "realm").
public struct Schema: Sendable {
    /// The name recorded in `schema_migrations.schema`.
    public let name: String
    /// The migrations in version order.
    public let migrations: [Migration]

    /// Makes a schema.
    public init(name: String, migrations: [Migration]) {
        self.name = name
        self.migrations = migrations
    }

    /// The highest version this code knows, or 0 when there are no migrations.
    public var latestVersion: Int { migrations.map(\.version).max() ?? 0 }
}
