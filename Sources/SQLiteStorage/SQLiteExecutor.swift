import Storage

/// The executor handed to a transaction closure; refuses use after its transaction ended.
final class SQLiteExecutor: SQLExecutor {
    private let connection: SQLiteConnection
    private let readOnly: Bool
    private var isValid = true

    init(connection: SQLiteConnection, readOnly: Bool) {
        self.connection = connection
        self.readOnly = readOnly
    }

    var dialect: SQLDialect { .sqlite }

    /// Marks the executor dead once its transaction has ended.
    func invalidate() { isValid = false }

    private func checkValid() throws {
        guard isValid else { throw StorageError(.invalidQuery, "executor used after its transaction ended") }
    }

    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws -> Int {
        try checkValid()
        return try connection.run(sql, parameters, readOnly: readOnly).changes
    }

    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [Row] {
        try checkValid()
        return try connection.run(sql, parameters, readOnly: readOnly).rows
    }

    func executeScript(_ sql: String) throws {
        try checkValid()
        guard !readOnly else { throw StorageError(.invalidQuery, "script inside a read-only transaction") }
        try connection.executeScript(sql)
    }
}
