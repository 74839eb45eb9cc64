import Storage

/// The executor handed to a transaction closure; refuses use after its transaction ended.
final class SQLiteExecutor: SQLExecutor {
    private let connection: SQLiteConnection
    private let readOnly: Bool
    private var isValid = true
    /// Set when any statement threw: the transaction must then not commit, even if the closure returns normally.
    private(set) var hasFailed = false

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

    /// Runs one statement, remembering whether it failed.
    private func recording<T>(_ statement: () throws -> T) throws -> T {
        do {
            return try statement()
        } catch {
            hasFailed = true
            throw error
        }
    }

    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws -> Int {
        try checkValid()
        return try recording {
            try connection.run(sql, parameters, readOnly: readOnly).changes
        }
    }

    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [Row] {
        try checkValid()
        return try recording {
            try connection.run(sql, parameters, readOnly: readOnly).rows
        }
    }

    func executeScript(_ sql: String) throws {
        try checkValid()
        return try recording {
            guard !readOnly else { throw StorageError(.invalidQuery, "script inside a read-only transaction") }
            try connection.executeScript(sql)
        }
    }
}
