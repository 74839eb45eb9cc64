import Foundation
import CLibPQ
import Storage

/// One libpq connection.
///
/// `@unchecked Sendable`: it owns a `PGconn` that is used by one thread at a time — `BlockingPool` hands it to a
/// single caller between checkout and checkin — and libpq is thread-safe across distinct connections.
final class PostgresConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    private let secrets: [String]

    /// Connects; throws `.connectionFailed` with a reason that never contains the connection string or password.
    init(conninfo: String, connectTimeoutSeconds: Int) throws {
        // Keywords before `dbname` are defaults the string itself overrides; those after it override the string.
        var keywords = ["connect_timeout"] + PostgresConnectionInfo.networkDefaults.map(\.keyword) + ["dbname"]
        var values = [String(connectTimeoutSeconds)] + PostgresConnectionInfo.networkDefaults.map(\.value) + [conninfo]
        if let options = PostgresConnectionInfo.mergedOptions(for: conninfo) {   // keeps the string's own options
            keywords.append("options")
            values.append(options)
        }
        let connection = PostgresConnection.withCStringArray(keywords) { k in
            PostgresConnection.withCStringArray(values) { v in PQconnectdbParams(k, v, 1) }
        }
        secrets = [conninfo, PostgresConnectionInfo.password(in: conninfo) ?? ""]
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = connection.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(connection)
            throw StorageError(.connectionFailed,
                "cannot connect to PostgreSQL: \(PostgresConnectionInfo.sanitize(message, removing: secrets))")
        }
        handle = connection
        PQsetNoticeProcessor(connection, discardNotice, nil)
    }

    /// Closes the connection.
    func close() { PQfinish(handle) }

    /// Whether the connection was found lost.
    var isBroken: Bool { PQstatus(handle) != CONNECTION_OK }

    /// Whether no transaction is open on the connection.
    var isIdle: Bool { PQtransactionStatus(handle) == PQTRANS_IDLE }

    /// Whether the open transaction was aborted by a failed statement (it can only roll back).
    var isInFailedTransaction: Bool { PQtransactionStatus(handle) == PQTRANS_INERROR }

    /// Commits the open transaction; throws unless the server answers `COMMIT` (an aborted one answers `ROLLBACK`).
    func commit() throws {
        let result = PQexec(handle, "COMMIT")
        defer { PQclear(result) }
        try check(result)
        guard let result, String(cString: PQcmdStatus(result)) == "COMMIT" else {
            throw StorageError(.queryFailed, "a statement failed inside the transaction; it was rolled back")
        }
    }

    /// Runs a script of one or more parameterless statements (also BEGIN/COMMIT/ROLLBACK).
    func executeScript(_ sql: String) throws {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result)
    }

    /// Runs one statement with text parameters (bytea as binary) and text results.
    func run(_ sql: String, _ parameters: [SQLValue]) throws -> (rows: [Row], changes: Int) {
        let encoded = try parameters.map(PostgresValueCodec.encode)
        let buffers: [UnsafeMutablePointer<CChar>?] = encoded.map { parameter in
            guard let bytes = parameter.bytes else { return nil }
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress ?? UnsafeRawPointer(buffer), byteCount: source.count)
            }
            (buffer + bytes.count).initialize(to: 0)
            return buffer
        }
        defer { buffers.forEach { $0?.deallocate() } }
        let types = encoded.map(\.type)
        let lengths = encoded.map { Int32($0.bytes?.count ?? 0) }
        let formats = encoded.map(\.format)
        let values = buffers.map { UnsafePointer($0) }
        let result = PQexecParams(handle, sql, Int32(parameters.count), types, values, lengths, formats, 0)
        defer { PQclear(result) }
        try check(result)
        guard let result else { return ([], 0) }
        return (PostgresValueCodec.rows(of: result), Int(String(cString: PQcmdTuples(result))) ?? 0)
    }

    private func check(_ result: OpaquePointer?) throws {
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
        default:
            throw PostgresErrorMapper.error(result: result, connectionLost: isBroken)
        }
    }

    private static func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// Drops server notices (e.g. "relation already exists, skipping"), which libpq would print to stderr.
private func discardNotice(_ context: UnsafeMutableRawPointer?, _ message: UnsafePointer<CChar>?) {}
