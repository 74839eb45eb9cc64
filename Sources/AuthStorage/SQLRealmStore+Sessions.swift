import AuthCore
import Storage

/// `SessionStore`: the protocol's doc comments are the contract.
extension SQLRealmStore {
    private static let sessionColumns = "id, user_id, auth_time, amr, mfa_verified_at, expires_at, revoked_at"

    public func insertSession(_ session: Session, refreshTokenHash: String, refreshExpiresAt: Int64) throws {
        do {
            try database.transaction { ex in
                try ex.execute("""
                    INSERT INTO sessions (id, user_id, auth_time, amr, mfa_verified_at, expires_at, revoked_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)
                    """,
                    [.text(session.id), .text(session.userID), .integer(session.authTime), try Columns.json(session.amr),
                     Columns.int(session.mfaVerifiedAt), .integer(session.expiresAt), Columns.int(session.revokedAt)])
                try Self.insertRefreshToken(ex, hash: refreshTokenHash, sessionID: session.id, expiresAt: refreshExpiresAt)
            }
        } catch let error as StorageError where error.code == .uniqueViolation {
            throw AuthError(.conflict, "session or refresh token already exists")
        } catch let error as StorageError where error.code == .constraintViolation {
            throw AuthError(.notFound, "no such user")
        }
    }

    public func session(id: String) throws -> Session? {
        try database.read { ex in
            try ex.queryFirst("SELECT \(Self.sessionColumns) FROM sessions WHERE id = $1", [.text(id)]).map(Self.session)
        }
    }

    public func setMFAVerified(sessionID: String, at: Int64) throws {
        let changed = try database.transaction { ex in
            try ex.execute("UPDATE sessions SET mfa_verified_at = $2 WHERE id = $1", [.text(sessionID), .integer(at)])
        }
        if changed == 0 { throw AuthError(.notFound, "no such session") }
    }

    public func revokeSession(id: String, at: Int64) throws {
        // Idempotent: the first revocation time stays; an unknown session has nothing left to revoke.
        try database.transaction { ex in
            try ex.execute("UPDATE sessions SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1",
                           [.text(id), .integer(at)])
        }
    }

    public func revokeSessions(ofUser userID: String, at: Int64) throws -> Int {
        try database.transaction { ex in
            try ex.execute("UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
                           [.text(userID), .integer(at)])
        }
    }

    public func rotateRefreshToken(hash: String, newHash: String, newExpiresAt: Int64, now: Int64) throws -> RefreshRotation {
        try database.transaction { ex in
            guard let token = try ex.queryFirst("SELECT session_id, expires_at, used_at FROM refresh_tokens WHERE hash = $1",
                                                [.text(hash)]) else { return .invalid }
            let sessionID = try token.string("session_id")
            // A used token is a reuse signal even after it would have expired: a thief replaying it late is still a thief.
            if try token.optionalInt("used_at") != nil { return .reused(sessionID: sessionID) }
            if try token.int("expires_at") <= now { return .invalid }
            guard let session = try ex.queryFirst("SELECT \(Self.sessionColumns) FROM sessions WHERE id = $1",
                                                  [.text(sessionID)]).map(Self.session),
                  session.isActive(at: now) else { return .invalid }
            // The single-use step: of several callers holding the same token, exactly one changes the row.
            let marked = try ex.execute("UPDATE refresh_tokens SET used_at = $2 WHERE hash = $1 AND used_at IS NULL",
                                        [.text(hash), .integer(now)])
            if marked == 0 { return .reused(sessionID: sessionID) }
            try Self.insertRefreshToken(ex, hash: newHash, sessionID: sessionID, expiresAt: newExpiresAt)
            return .rotated(sessionID: sessionID)
        }
    }

    public func sessionID(refreshTokenHash: String) throws -> String? {
        try database.read { ex in
            try ex.queryFirst("SELECT session_id FROM refresh_tokens WHERE hash = $1", [.text(refreshTokenHash)])?
                .string("session_id")
        }
    }

    private static func insertRefreshToken(_ ex: any SQLExecutor, hash: String, sessionID: String, expiresAt: Int64) throws {
        try ex.execute("INSERT INTO refresh_tokens (hash, session_id, expires_at, used_at) VALUES ($1, $2, $3, NULL)",
                       [.text(hash), .text(sessionID), .integer(expiresAt)])
    }

    private static func session(_ row: Row) throws -> Session {
        Session(id: try row.string("id"), userID: try row.string("user_id"), authTime: try row.int("auth_time"),
                amr: try Columns.json([String].self, row, "amr"), mfaVerifiedAt: try row.optionalInt("mfa_verified_at"),
                expiresAt: try row.int("expires_at"), revokedAt: try row.optionalInt("revoked_at"))
    }
}
