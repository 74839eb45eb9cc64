extension Schema {
    /// A realm store: the tables every realm (the platform and each tenant) keeps in its own database.
    public static let realm = Schema(name: "realm", migrations: [
        Migration(
            version: 1, name: "realm info",
            portable: """
            CREATE TABLE realm_info (
                realm_id TEXT PRIMARY KEY,
                created_at BIGINT NOT NULL
            );
            """),
        Migration(
            version: 2, name: "users and credentials",
            portable: """
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                username TEXT NOT NULL,
                username_key TEXT NOT NULL UNIQUE,
                email TEXT,
                roles TEXT NOT NULL,
                disabled BIGINT NOT NULL,
                password_hash TEXT NOT NULL,
                created_at BIGINT NOT NULL
            );
            CREATE TABLE credentials (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                data BYTES NOT NULL,
                version BIGINT NOT NULL,
                status TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                last_used_at BIGINT
            );
            CREATE INDEX credentials_user ON credentials (user_id, created_at);
            CREATE TABLE credential_secrets (
                credential_id TEXT NOT NULL REFERENCES credentials (id) ON DELETE CASCADE,
                lookup TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (credential_id, lookup)
            );
            """),
        Migration(
            version: 3, name: "flows and sessions",
            portable: """
            CREATE TABLE flows (
                id_hash TEXT PRIMARY KEY,
                purpose TEXT NOT NULL,
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                session_id TEXT,
                started_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                attempts BIGINT NOT NULL,
                pending TEXT NOT NULL,
                version BIGINT NOT NULL
            );
            CREATE INDEX flows_user ON flows (user_id);
            CREATE INDEX flows_expiry ON flows (expires_at);
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                auth_time BIGINT NOT NULL,
                amr TEXT NOT NULL,
                mfa_verified_at BIGINT,
                expires_at BIGINT NOT NULL,
                revoked_at BIGINT
            );
            CREATE INDEX sessions_user ON sessions (user_id);
            CREATE TABLE refresh_tokens (
                hash TEXT PRIMARY KEY,
                session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
                expires_at BIGINT NOT NULL,
                used_at BIGINT
            );
            CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);
            """),
        Migration(
            version: 4, name: "signing keys",
            portable: """
            CREATE TABLE signing_keys (
                kid TEXT PRIMARY KEY,
                algorithm TEXT NOT NULL,
                state TEXT NOT NULL,
                sealed_private_key BYTES NOT NULL,
                created_at BIGINT NOT NULL,
                activates_at BIGINT NOT NULL,
                superseded_at BIGINT,
                retires_at BIGINT
            );
            """),
        Migration(
            version: 5, name: "audit chain",
            portable: """
            CREATE TABLE audit_log (
                sequence BIGINT PRIMARY KEY,
                type TEXT NOT NULL,
                realm TEXT NOT NULL,
                user_id TEXT,
                request_id TEXT,
                client_address TEXT,
                details TEXT NOT NULL,
                at BIGINT NOT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            """),
        Migration(
            version: 6, name: "credential external ids",
            portable: """
            ALTER TABLE credentials ADD COLUMN external_id TEXT;
            CREATE UNIQUE INDEX credentials_external_id ON credentials (kind, external_id);
            """),
        Migration(
            // A passwordless flow learns its user only from the answer, so user_id may be NULL. Flows live
            // minutes: the table is rebuilt rather than copied, and sign-ins in progress start again.
            version: 7, name: "flows without a user yet (passwordless sign-in)",
            portable: """
            DROP TABLE flows;
            CREATE TABLE flows (
                id_hash TEXT PRIMARY KEY,
                purpose TEXT NOT NULL,
                user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
                session_id TEXT,
                started_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                attempts BIGINT NOT NULL,
                pending TEXT NOT NULL,
                version BIGINT NOT NULL
            );
            CREATE INDEX flows_user ON flows (user_id);
            CREATE INDEX flows_expiry ON flows (expires_at);
            """),
    ])
}
