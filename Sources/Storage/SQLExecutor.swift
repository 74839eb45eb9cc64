/// One connection inside one transaction; valid only inside the `transaction`/`read` closure that handed it out.
///
/// Parameters are written `$1, $2, …` for every backend; a number may repeat. Values are always bound, never interpolated.
public protocol SQLExecutor {
    /// Runs a statement and returns the number of rows it changed.
    @discardableResult func execute(_ sql: String, _ parameters: [SQLValue]) throws -> Int
    /// Runs a statement and returns its rows.
    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [Row]
    /// Runs a parameterless script of one or more statements (migrations).
    func executeScript(_ sql: String) throws
    /// The backend's SQL dialect.
    var dialect: SQLDialect { get }
}

extension SQLExecutor {
    /// Runs a statement without parameters and returns the number of rows it changed.
    @discardableResult public func execute(_ sql: String) throws -> Int { try execute(sql, []) }

    /// Runs a query without parameters.
    public func query(_ sql: String) throws -> [Row] { try query(sql, []) }

    /// The first row of a query, or nil when it returns none.
    public func queryFirst(_ sql: String, _ parameters: [SQLValue] = []) throws -> Row? {
        try query(sql, parameters).first
    }
}

/// The SQL dialect a backend speaks; migrations carry one text per dialect.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}
