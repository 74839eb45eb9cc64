/// A pooled store that runs closures inside transactions; thread-safe.
public protocol Database: AnyObject, Sendable {
    /// The backend's SQL dialect.
    var dialect: SQLDialect { get }
    /// Runs `body` in a write transaction: commits when it returns, rolls back when it throws. When any statement
    /// inside failed, it rolls back and throws `.queryFailed` even if `body` caught the error and returned.
    @discardableResult func transaction<T>(_ body: (any SQLExecutor) throws -> T) throws -> T
    /// Runs `body` in a read-only transaction; like `transaction`, it throws when any statement inside failed.
    @discardableResult func read<T>(_ body: (any SQLExecutor) throws -> T) throws -> T
    /// Checks cheaply that the store answers (for `/readyz`).
    func ping() throws
    /// Closes every connection; later calls throw `.closed`.
    func close()
}
