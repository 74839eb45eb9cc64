extension Schema {
    /// A realm store: the tables every realm (the platform and each tenant) keeps in its own database.
    public static let realm = Schema(name: "realm", migrations: [
        Migration(
            version: 1, name: "realm info",
            sqlite: """
            CREATE TABLE realm_info (
                realm_id TEXT PRIMARY KEY,
                created_at BIGINT NOT NULL
            );
            """,
            postgres: """
            CREATE TABLE realm_info (
                realm_id TEXT PRIMARY KEY,
                created_at BIGINT NOT NULL
            );
            """),
    ])
}
