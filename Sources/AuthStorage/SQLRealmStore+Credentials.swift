import AuthCore
import Storage

/// `CredentialStore`: the protocol's doc comments are the contract.
extension SQLRealmStore {
    private static let credentialColumns = "id, user_id, kind, data, version, status, created_at, last_used_at, external_id"

    public func credentials(ofUser userID: String) throws -> [FactorCredential] {
        try database.read { ex in
            try ex.query("SELECT \(Self.credentialColumns) FROM credentials WHERE user_id = $1 ORDER BY created_at, id",
                         [.text(userID)]).map(Self.credential)
        }
    }

    public func credential(kind: String, externalID: String) throws -> FactorCredential? {
        try database.read { ex in
            try ex.queryFirst("SELECT \(Self.credentialColumns) FROM credentials WHERE kind = $1 AND external_id = $2",
                              [.text(kind), .text(externalID)]).map(Self.credential)
        }
    }

    public func credentials(ofKind kind: String) throws -> [FactorCredential] {
        try database.read { ex in
            try ex.query("SELECT \(Self.credentialColumns) FROM credentials WHERE kind = $1 ORDER BY created_at, id",
                         [.text(kind)]).map(Self.credential)
        }
    }

    public func credential(id: String) throws -> FactorCredential? {
        try database.read { ex in
            try ex.queryFirst("SELECT \(Self.credentialColumns) FROM credentials WHERE id = $1", [.text(id)])
                .map(Self.credential)
        }
    }

    public func insertCredential(_ credential: FactorCredential, secrets: [(lookup: String, value: String)]) throws {
        do {
            try database.transaction { ex in
                try ex.execute("""
                    INSERT INTO credentials (id, user_id, kind, data, version, status, created_at, last_used_at, external_id)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """,
                    [.text(credential.id), .text(credential.userID), .text(credential.kind), .blob(credential.data),
                     .integer(credential.version), .text(credential.status), .integer(credential.createdAt),
                     Columns.int(credential.lastUsedAt), credential.externalID.map { .text($0) } ?? .null])
                try Self.insertSecrets(ex, credentialID: credential.id, secrets)
            }
        } catch let error as StorageError where error.code == .uniqueViolation {
            throw AuthError(.conflict, "credential id or secret lookup already exists")
        } catch let error as StorageError where error.code == .constraintViolation {
            throw AuthError(.notFound, "no such user")
        }
    }

    public func updateCredentialData(id: String, expectedVersion: Int64, data: [UInt8], usedAt: Int64?) throws -> Bool {
        try database.transaction { ex in
            try ex.execute("""
                UPDATE credentials SET data = $2, version = version + 1, last_used_at = COALESCE($3, last_used_at)
                WHERE id = $1 AND version = $4
                """, [.text(id), .blob(data), Columns.int(usedAt), .integer(expectedVersion)])
        } == 1
    }

    public func setCredentialStatus(id: String, status: String) throws {
        let changed = try database.transaction { ex in
            try ex.execute("UPDATE credentials SET status = $2, version = version + 1 WHERE id = $1", [.text(id), .text(status)])
        }
        if changed == 0 { throw AuthError(.notFound, "no such credential") }
    }

    public func deleteCredential(id: String, userID: String, keepingOneOf primaryKinds: [String]) throws -> Bool {
        try database.transaction { ex in
            // Serialise deletions per user, so two concurrent deletes cannot each count the other as remaining.
            // (SQLite already holds the database write lock from BEGIN IMMEDIATE.)
            if ex.dialect == .postgres {
                _ = try ex.query("SELECT id FROM users WHERE id = $1 FOR UPDATE", [.text(userID)])
            }
            guard let row = try ex.queryFirst("SELECT kind FROM credentials WHERE id = $1 AND user_id = $2",
                                              [.text(id), .text(userID)]) else {
                throw AuthError(.notFound, "no such credential for this user")
            }
            if primaryKinds.contains(try row.string("kind")) {
                // Only an active credential keeps the user able to sign in (another status fails closed).
                let remaining = try ex.queryFirst("""
                    SELECT COUNT(*) AS n FROM credentials
                    WHERE user_id = $1 AND id <> $2 AND status = 'active'
                        AND kind IN (\(Columns.placeholders(from: 3, count: primaryKinds.count)))
                    """, [.text(userID), .text(id)] + primaryKinds.map { .text($0) })?.int("n") ?? 0
                if remaining == 0 { return false }
            }
            try ex.execute("DELETE FROM credentials WHERE id = $1 AND user_id = $2", [.text(id), .text(userID)])
            return true
        }
    }

    public func secret(credentialID: String, lookup: String) throws -> String? {
        try database.read { ex in
            try ex.queryFirst("SELECT value FROM credential_secrets WHERE credential_id = $1 AND lookup = $2",
                              [.text(credentialID), .text(lookup)])?.string("value")
        }
    }

    public func consumeSecret(credentialID: String, lookup: String) throws -> Bool {
        try database.transaction { ex in
            try ex.execute("DELETE FROM credential_secrets WHERE credential_id = $1 AND lookup = $2",
                           [.text(credentialID), .text(lookup)])
        } == 1
    }

    public func secretCount(credentialID: String) throws -> Int {
        try database.read { ex in
            Int(try ex.queryFirst("SELECT COUNT(*) AS n FROM credential_secrets WHERE credential_id = $1",
                                  [.text(credentialID)])?.int("n") ?? 0)
        }
    }

    public func replaceSecrets(credentialID: String, secrets: [(lookup: String, value: String)]) throws {
        do {
            try database.transaction { ex in
                guard try ex.queryFirst("SELECT id FROM credentials WHERE id = $1", [.text(credentialID)]) != nil else {
                    throw AuthError(.notFound, "no such credential")
                }
                try ex.execute("DELETE FROM credential_secrets WHERE credential_id = $1", [.text(credentialID)])
                try Self.insertSecrets(ex, credentialID: credentialID, secrets)
            }
        } catch let error as StorageError where error.code == .uniqueViolation {
            throw AuthError(.conflict, "duplicate secret lookup")
        }
    }

    private static func insertSecrets(_ ex: any SQLExecutor, credentialID: String,
                                      _ secrets: [(lookup: String, value: String)]) throws {
        for secret in secrets {
            try ex.execute("INSERT INTO credential_secrets (credential_id, lookup, value) VALUES ($1, $2, $3)",
                           [.text(credentialID), .text(secret.lookup), .text(secret.value)])
        }
    }

    private static func credential(_ row: Row) throws -> FactorCredential {
        FactorCredential(id: try row.string("id"), userID: try row.string("user_id"), kind: try row.string("kind"),
                         data: try row.blob("data"), version: try row.int("version"), status: try row.string("status"),
                         createdAt: try row.int("created_at"), lastUsedAt: try row.optionalInt("last_used_at"),
                         externalID: try row.optionalString("external_id"))
    }
}
