import AuthCore
import Storage

/// `AuditStore`: the protocol's doc comments are the contract.
extension SQLRealmStore {
    /// How many times an append is retried after losing the race for the next sequence number.
    static let auditAppendAttempts = 20

    @discardableResult
    public func appendAudit(_ event: SecurityEvent) throws -> AuditRecord {
        let details = try Columns.json(event.details)
        var attempt = 1
        while true {
            do {
                return try database.transaction { ex in try Self.append(ex, event, details: details) }
            } catch let error as StorageError where error.code == .uniqueViolation || error.code == .busy {
                // Another appender took this sequence number (the PRIMARY KEY refused ours): read the new tail and retry.
                guard attempt < Self.auditAppendAttempts else { throw error }
                attempt += 1
            }
        }
    }

    public func auditRecords() throws -> [AuditRecord] {
        try database.read { ex in
            try ex.query("""
                SELECT sequence, type, realm, user_id, request_id, client_address, details, at, previous_hash, hash
                FROM audit_log ORDER BY sequence
                """).map { row in
                let event = SecurityEvent(
                    type: try row.string("type"), realm: try row.string("realm"), userID: try row.optionalString("user_id"),
                    requestID: try row.optionalString("request_id"), clientAddress: try row.optionalString("client_address"),
                    details: try Columns.json([String: String].self, row, "details"), at: try row.int("at"))
                return AuditRecord(sequence: try row.int("sequence"), event: event,
                                   previousHash: try row.string("previous_hash"), hash: try row.string("hash"))
            }
        }
    }

    /// Chains `event` to the current tail and inserts it; the PRIMARY KEY on `sequence` refuses a lost race.
    private static func append(_ ex: any SQLExecutor, _ event: SecurityEvent, details: SQLValue) throws -> AuditRecord {
        if ex.dialect == .postgres {
            // Appenders queue here instead of racing for the next sequence number: with retries alone, 8 threads
            // appending 200 records starved one appender past 20 attempts in about 1 run of 7. Plain reads are not
            // blocked. (SQLite's BEGIN IMMEDIATE already serialises writers.) The retry above stays as a backstop.
            try ex.execute("LOCK TABLE audit_log IN EXCLUSIVE MODE")
        }
        let last = try ex.queryFirst("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1")
        let sequence = (try last?.int("sequence") ?? 0) + 1
        let previousHash = try last?.string("hash") ?? AuditChain.genesis
        let record = AuditRecord(sequence: sequence, event: event, previousHash: previousHash,
                                 hash: AuditChain.hash(event, sequence: sequence, previousHash: previousHash))
        try ex.execute("""
            INSERT INTO audit_log (sequence, type, realm, user_id, request_id, client_address, details, at, previous_hash, hash)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """,
            [.integer(sequence), .text(event.type), .text(event.realm), SQLValue(event.userID), SQLValue(event.requestID),
             SQLValue(event.clientAddress), details, .integer(event.at), .text(previousHash), .text(record.hash)])
        return record
    }
}
