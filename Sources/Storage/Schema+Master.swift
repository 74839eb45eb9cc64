extension Schema {
    /// The master database: the realm directory and other platform-wide tables. Holds no PHI and no connection strings.
    public static let master = Schema(name: "master", migrations: [
        Migration(
            version: 1, name: "realm directory",
            sqlite: """
            CREATE TABLE realms (
                id TEXT PRIMARY KEY,
                display_name TEXT NOT NULL,
                status TEXT NOT NULL,
                created_at BIGINT NOT NULL
            );
            INSERT INTO realms (id, display_name, status, created_at)
                VALUES ('platform', 'Platform', 'active', CAST(strftime('%s', 'now') AS INTEGER));
            """,
            postgres: """
            CREATE TABLE realms (
                id TEXT PRIMARY KEY,
                display_name TEXT NOT NULL,
                status TEXT NOT NULL,
                created_at BIGINT NOT NULL
            );
            INSERT INTO realms (id, display_name, status, created_at)
                VALUES ('platform', 'Platform', 'active', CAST(EXTRACT(EPOCH FROM now()) AS BIGINT));
            """),
    ])
}
