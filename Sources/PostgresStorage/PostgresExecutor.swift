import Storage

/// The executor handed to a transaction closure; refuses use after its transaction ended.
final class PostgresExecutor: SQLExecutor {
    private let connection: PostgresConnection
    private var isValid = true

    init(connection: PostgresConnection) { self.connection = connection }

    var dialect: SQLDialect { .postgres }

    /// Marks the executor dead once its transaction has ended.
    func invalidate() { isValid = false }

    private func checkValid() throws {
        guard isValid else { throw StorageError(.invalidQuery, "executor used after its transaction ended") }
    }

    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws -> Int {
        try checkValid()
        return try connection.run(sql, parameters).changes
    }

    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [Row] {
        try checkValid()
        return try connection.run(sql, parameters).rows
    }

    func executeScript(_ sql: String) throws {
        try checkValid()
        try connection.executeScript(sql)
    }
}
