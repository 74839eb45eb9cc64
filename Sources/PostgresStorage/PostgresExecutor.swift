import Storage

/// The executor handed to a transaction closure; refuses use after its transaction ended.
final class PostgresExecutor: SQLExecutor {
    private let connection: PostgresConnection
    private var isValid = true
    /// Set when any statement threw: the transaction must then not commit, even if the closure returns normally.
    private(set) var hasFailed = false

    init(connection: PostgresConnection) { self.connection = connection }

    var dialect: SQLDialect { .postgres }

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
            try connection.run(sql, parameters).changes
        }
    }

    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [Row] {
        try checkValid()
        return try recording {
            try connection.run(sql, parameters).rows
        }
    }

    func executeScript(_ sql: String) throws {
        try checkValid()
        return try recording {
            try connection.executeScript(sql)
        }
    }
}
