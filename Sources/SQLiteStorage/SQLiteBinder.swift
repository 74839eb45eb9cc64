import CSQLite
import Storage

/// Binds `$n` parameters by name and reads column values; the only place that converts between SQLValue and SQLite.
enum SQLiteBinder {
    /// SQLite's "copy the buffer now" destructor, a macro Swift cannot import.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    /// Binds `$1…$n` (each possibly repeated) to `parameters[0…n-1]`; the highest number used must equal the count.
    static func bind(_ parameters: [SQLValue], to statement: OpaquePointer) throws {
        let count = sqlite3_bind_parameter_count(statement)
        var highest = 0
        if count > 0 {
            for slot in 1...count {
                guard let cName = sqlite3_bind_parameter_name(statement, slot) else {
                    throw StorageError(.invalidQuery, "anonymous parameter; write parameters as $1, $2, …")
                }
                let name = String(cString: cName)
                guard name.first == "$", let number = Int(name.dropFirst()), number >= 1 else {
                    throw StorageError(.invalidQuery, "parameter '\(name)' is not of the form $n")
                }
                guard number <= parameters.count else {
                    throw StorageError(.invalidQuery, "statement uses $\(number) but \(parameters.count) parameter(s) were given")
                }
                highest = max(highest, number)
                try bind(parameters[number - 1], at: slot, to: statement)
            }
        }
        guard highest == parameters.count else {
            throw StorageError(.invalidQuery, "\(parameters.count) parameter(s) given but statement uses up to $\(highest)")
        }
    }

    private static func bind(_ value: SQLValue, at slot: Int32, to statement: OpaquePointer) throws {
        let rc: Int32
        switch value {
        case .null:
            rc = sqlite3_bind_null(statement, slot)
        case .integer(let v):
            rc = sqlite3_bind_int64(statement, slot, v)
        case .real(let v):
            rc = sqlite3_bind_double(statement, slot, v)
        case .text(let v):
            // PostgreSQL cannot store NUL in text (libpq would cut the value there): refuse it on both backends.
            guard !v.utf8.contains(0) else { throw StorageError(.invalidQuery, "text parameters must not contain NUL") }
            var text = v
            rc = text.withUTF8 { buffer in
                guard let base = buffer.baseAddress, buffer.count > 0 else {
                    return sqlite3_bind_text(statement, slot, "", 0, transient)
                }
                return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    sqlite3_bind_text64(statement, slot, $0, UInt64(buffer.count), transient, UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let v):
            if v.isEmpty {
                rc = sqlite3_bind_zeroblob(statement, slot, 0)   // a NULL pointer would bind SQL NULL
            } else {
                rc = v.withUnsafeBytes { sqlite3_bind_blob64(statement, slot, $0.baseAddress, UInt64($0.count), transient) }
            }
        }
        guard rc == SQLITE_OK else {
            throw StorageError(.invalidQuery, "cannot bind parameter \(slot) (SQLite \(rc))")
        }
    }

    /// The value in column `i` of the current row.
    static func column(_ statement: OpaquePointer, _ i: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, i) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(statement, i))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(statement, i))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(statement, i))
            guard let text = sqlite3_column_text(statement, i), count > 0 else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, i))
            guard let bytes = sqlite3_column_blob(statement, i), count > 0 else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }
}
