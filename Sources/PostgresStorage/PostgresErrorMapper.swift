import CLibPQ
import Storage

/// Maps a failed libpq result to a `StorageError` by SQLSTATE, keeping only text that cannot hold values or secrets.
enum PostgresErrorMapper {
    static func error(result: OpaquePointer?, connectionLost: Bool) -> StorageError {
        if connectionLost {
            return StorageError(.connectionFailed, "connection to PostgreSQL lost")
        }
        let state = field(result, "C") ?? "?????"
        let constraint = field(result, "n").map { ", constraint \($0)" } ?? ""
        let suffix = "(SQLSTATE \(state)\(constraint))"
        switch state {
        case "23505":
            return StorageError(.uniqueViolation, "duplicate key \(suffix)")
        case "40001", "40P01", "55P03":
            return StorageError(.busy, "transaction conflicted with another; retry \(suffix)")
        case "57P01", "57P02", "57P03":
            return StorageError(.connectionFailed, "PostgreSQL server is shutting down or starting \(suffix)")
        case "08P01":
            return StorageError(.invalidQuery, "protocol violation, e.g. wrong number of parameters \(suffix)")
        default:
            break
        }
        switch state.prefix(2) {
        case "23":
            return StorageError(.constraintViolation, "integrity constraint violated \(suffix)")
        case "42":
            // Syntax and name errors quote the SQL text (code, not bound values): worth keeping.
            let message = field(result, "M").map { ": \($0)" } ?? ""
            return StorageError(.invalidQuery, "invalid statement\(message) \(suffix)")
        case "22":
            return StorageError(.invalidQuery, "invalid parameter or data value \(suffix)")
        case "25":
            return StorageError(.invalidQuery, "statement not allowed in this transaction state \(suffix)")
        case "08":
            return StorageError(.connectionFailed, "connection to PostgreSQL failed \(suffix)")
        case "53":
            return StorageError(.busy, "PostgreSQL is out of resources \(suffix)")
        default:
            return StorageError(.queryFailed, "PostgreSQL reported an error \(suffix)")
        }
    }

    private static func field(_ result: OpaquePointer?, _ code: Character) -> String? {
        guard let result, let ascii = code.asciiValue, let value = PQresultErrorField(result, Int32(ascii)) else { return nil }
        return String(cString: value)
    }
}
