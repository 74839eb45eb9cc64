import AuthCore
import Storage

/// `SigningKeyStore`: the protocol's doc comments are the contract.
extension SQLRealmStore {
    public func signingKeys() throws -> [SigningKeyRecord] {
        try database.read { ex in
            try ex.query("""
                SELECT kid, algorithm, state, sealed_private_key, created_at, activates_at, superseded_at, retires_at
                FROM signing_keys ORDER BY created_at DESC, kid DESC
                """).map(Self.signingKey)
        }
    }

    public func insertSigningKey(_ key: SigningKeyRecord) throws {
        do {
            try database.transaction { ex in
                try ex.execute("""
                    INSERT INTO signing_keys (kid, algorithm, state, sealed_private_key, created_at, activates_at,
                        superseded_at, retires_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """,
                    [.text(key.kid), .text(key.algorithm), .text(key.state.rawValue), .blob(key.sealedPrivateKey),
                     .integer(key.createdAt), .integer(key.activatesAt), Columns.int(key.supersededAt),
                     Columns.int(key.retiresAt)])
            }
        } catch let error as StorageError where error.code == .uniqueViolation {
            throw AuthError(.conflict, "a signing key with this kid exists")
        }
    }

    public func updateSigningKey(_ key: SigningKeyRecord) throws {
        let known = try database.transaction { ex in
            let changed = try ex.execute("""
                UPDATE signing_keys SET state = $2, activates_at = $3, superseded_at = $4, retires_at = $5
                WHERE kid = $1 AND state <> 'revoked'
                """,
                [.text(key.kid), .text(key.state.rawValue), .integer(key.activatesAt), Columns.int(key.supersededAt),
                 Columns.int(key.retiresAt)])
            return try changed > 0 || ex.queryFirst("SELECT kid FROM signing_keys WHERE kid = $1", [.text(key.kid)]) != nil
        }
        if !known { throw AuthError(.notFound, "no such signing key") }
    }

    private static func signingKey(_ row: Row) throws -> SigningKeyRecord {
        guard let state = SigningKeyRecord.State(rawValue: try row.string("state")) else {
            throw StorageError(.typeMismatch, "a stored signing key has an unknown state")
        }
        return SigningKeyRecord(kid: try row.string("kid"), algorithm: try row.string("algorithm"), state: state,
                                sealedPrivateKey: try row.blob("sealed_private_key"), createdAt: try row.int("created_at"),
                                activatesAt: try row.int("activates_at"), supersededAt: try row.optionalInt("superseded_at"),
                                retiresAt: try row.optionalInt("retires_at"))
    }
}
