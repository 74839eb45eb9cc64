import CSQLite
import Storage

/// One SQLite connection with its prepared-statement cache.
///
/// `@unchecked Sendable`: it owns a C handle opened with SQLITE_OPEN_NOMUTEX and is used by one thread at a time —
/// `BlockingPool` hands it to a single caller between checkout and checkin, and nothing else keeps a reference.
final class SQLiteConnection: @unchecked Sendable {
    let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]
    private static let statementCacheLimit = 128

    /// Opens (creating when missing) the database at `path` and applies the connection pragmas.
    init(path: String, busyTimeoutMilliseconds: Int32) throws {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw StorageError(.connectionFailed, "cannot open SQLite database: \(message)")
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        do {
            try executeScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
        } catch {
            sqlite3_close_v2(db)
            throw error
        }
    }

    /// Finalises every cached statement and closes the handle.
    func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more parameterless statements.
    func executeScript(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if let message { sqlite3_free(message) }
        guard rc == SQLITE_OK else { throw error(rc, "statement failed") }
    }

    /// Runs one statement; `readOnly` refuses statements that would write.
    func run(_ sql: String, _ parameters: [SQLValue], readOnly: Bool) throws -> (rows: [Row], changes: Int) {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        if readOnly && sqlite3_stmt_readonly(statement) == 0 {
            throw StorageError(.invalidQuery, "write statement inside a read-only transaction")
        }
        try SQLiteBinder.bind(parameters, to: statement)
        let before = sqlite3_total_changes64(handle)
        let columnCount = Int(sqlite3_column_count(statement))
        let names = (0..<columnCount).map { String(cString: sqlite3_column_name(statement, Int32($0))) }
        let index = Row.makeIndex(names)
        var rows: [Row] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw error(rc, "statement failed") }
            let values = (0..<columnCount).map { SQLiteBinder.column(statement, Int32($0)) }
            rows.append(Row(columns: names, index: index, values: values))
        }
        let changed = sqlite3_total_changes64(handle) != before
        return (rows, changed ? Int(sqlite3_changes64(handle)) : 0)
    }

    /// A cached statement for `sql`, preparing it on first use.
    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        var trailing = false
        let rc = sql.withCString { text -> Int32 in
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v3(handle, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, &tail)
            if let tail { trailing = String(cString: tail).contains { !$0.isWhitespace && $0 != ";" } }
            return rc
        }
        guard rc == SQLITE_OK, let statement else {
            throw rc == SQLITE_OK ? StorageError(.invalidQuery, "empty statement") : error(rc, "cannot prepare statement")
        }
        if trailing {
            sqlite3_finalize(statement)
            throw StorageError(.invalidQuery, "more than one statement; use executeScript for scripts")
        }
        if statements.count >= Self.statementCacheLimit {
            for cached in statements.values { sqlite3_finalize(cached) }
            statements.removeAll()
        }
        statements[sql] = statement
        return statement
    }

    /// Maps a result code to a `StorageError`; SQLite's messages name tables and columns, never values.
    func error(_ rc: Int32, _ context: String) -> StorageError {
        let message = String(cString: sqlite3_errmsg(handle))
        let reason = "\(context): \(message) (SQLite \(rc))"
        switch rc {
        case GATEHOUSE_SQLITE_CONSTRAINT_UNIQUE, GATEHOUSE_SQLITE_CONSTRAINT_PRIMARYKEY:
            return StorageError(.uniqueViolation, reason)
        default:
            break
        }
        switch rc & 0xFF {
        case SQLITE_CONSTRAINT: return StorageError(.constraintViolation, reason)
        case SQLITE_BUSY, SQLITE_LOCKED: return StorageError(.busy, reason)
        case SQLITE_ERROR, SQLITE_RANGE, SQLITE_MISMATCH: return StorageError(.invalidQuery, reason)
        case SQLITE_CANTOPEN, SQLITE_NOTADB: return StorageError(.connectionFailed, reason)
        case SQLITE_IOERR, SQLITE_FULL, SQLITE_READONLY, SQLITE_CORRUPT: return StorageError(.ioFailure, reason)
        default: return StorageError(.queryFailed, reason)
        }
    }
}
