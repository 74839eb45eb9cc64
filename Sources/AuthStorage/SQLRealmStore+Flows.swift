import AuthCore
import Foundation
import Storage

/// `FlowStore`: the protocol's doc comments are the contract.
extension SQLRealmStore {
    private static let flowColumns = "id_hash, purpose, user_id, session_id, started_at, expires_at, attempts, pending, version"

    public func insertFlow(_ flow: Flow) throws {
        do {
            try database.transaction { ex in
                try ex.execute("""
                    INSERT INTO flows (id_hash, purpose, user_id, session_id, started_at, expires_at, attempts, pending, version)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """,
                    [.text(flow.idHash), .text(flow.purpose.rawValue), SQLValue(flow.userID), SQLValue(flow.sessionID),
                     .integer(flow.startedAt), .integer(flow.expiresAt), SQLValue(flow.attempts),
                     try Self.pending(flow.pending), .integer(flow.version)])
            }
        } catch let error as StorageError where error.code == .uniqueViolation {
            throw AuthError(.conflict, "flow already exists")
        } catch let error as StorageError where error.code == .constraintViolation {
            throw AuthError(.notFound, "no such user")
        }
    }

    public func flow(idHash: String) throws -> Flow? {
        try database.read { ex in
            try ex.queryFirst("SELECT \(Self.flowColumns) FROM flows WHERE id_hash = $1", [.text(idHash)]).map(Self.flow)
        }
    }

    public func updateFlow(_ flow: Flow) throws -> Bool {
        // Only the mutable fields change; the write wins only over the version it was read at.
        try database.transaction { ex in
            try ex.execute("""
                UPDATE flows SET attempts = $2, pending = $3, version = $4
                WHERE id_hash = $1 AND version = $5
                """,
                [.text(flow.idHash), SQLValue(flow.attempts), try Self.pending(flow.pending), .integer(flow.version),
                 .integer(flow.version - 1)])
        } == 1
    }

    public func consumeFlow(idHash: String) throws -> Bool {
        try database.transaction { ex in
            try ex.execute("DELETE FROM flows WHERE id_hash = $1", [.text(idHash)])
        } == 1
    }

    public func sweepFlows(now: Int64, deleteBefore: Int64) throws {
        // A flow is unusable from `expiresAt` on (as a session is), so one expiring exactly now counts as expired.
        try database.transaction { ex in
            try ex.execute("DELETE FROM flows WHERE expires_at <= $1", [.integer(deleteBefore)])
            try ex.execute("UPDATE flows SET pending = '{}' WHERE expires_at <= $1 AND pending <> '{}'", [.integer(now)])
        }
    }

    /// Plugin state as JSON text: kind → base64 of its bytes (`{}` when none).
    private static func pending(_ pending: [String: [UInt8]]) throws -> SQLValue {
        try Columns.json(pending.mapValues { Data($0) })
    }

    private static func flow(_ row: Row) throws -> Flow {
        guard let purpose = Flow.Purpose(rawValue: try row.string("purpose")) else {
            throw StorageError(.typeMismatch, "a stored flow has an unknown purpose")
        }
        return Flow(idHash: try row.string("id_hash"), purpose: purpose, userID: try row.optionalString("user_id"),
                    sessionID: try row.optionalString("session_id"), startedAt: try row.int("started_at"),
                    expiresAt: try row.int("expires_at"), attempts: Int(try row.int("attempts")),
                    pending: try Columns.json([String: Data].self, row, "pending").mapValues { Array($0) },
                    version: try row.int("version"))
    }
}
