/// A pooled store that runs closures inside transactions; thread-safe.
public protocol Database: AnyObject, Sendable {
    /// The backend's SQL dialect.
    var dialect: SQLDialect { get }
    /// Runs `body` in a write transaction: commits when it returns, rolls back when it throws.
    @discardableResult func transaction<T>(_ body: (any SQLExecutor) throws -> T) throws -> T
    /// Runs `body` in a read-only transaction.
    @discardableResult func read<T>(_ body: (any SQLExecutor) throws -> T) throws -> T
    /// Checks cheaply that the store answers (for `/readyz`).
    func ping() throws
    /// Closes every connection; later calls throw `.closed`.
    func close()
}
