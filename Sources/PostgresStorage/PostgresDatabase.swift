import Storage

/// A PostgreSQL database behind a bounded pool of libpq connections; reconnects after the server restarts.
public final class PostgresDatabase: Database {
    /// Always `.postgres`.
    public let dialect = SQLDialect.postgres
    private let pool: BlockingPool<PostgresConnection>

    /// A pool for `url` (a secret: it never appears in errors or descriptions). Connects lazily, on first use.
    ///
    /// - Parameters:
    ///   - poolSize: the most connections open at once.
    ///   - checkoutTimeout: how long a transaction waits for a free connection before `.poolExhausted`.
    ///   - connectTimeoutSeconds: libpq's `connect_timeout` unless the URL sets its own.
    public init(url: ConnectionString, poolSize: Int = 8, checkoutTimeout: Duration = .seconds(5),
                connectTimeoutSeconds: Int = 10) throws {
        guard poolSize >= 1 else { throw StorageError(.invalidConfiguration, "pool size must be at least 1") }
        _ = try PostgresConnectionInfo.parse(url.value)
        let conninfo = url.value
        pool = BlockingPool(capacity: poolSize, timeout: checkoutTimeout,
                            make: { try PostgresConnection(conninfo: conninfo, connectTimeoutSeconds: connectTimeoutSeconds) },
                            destroy: { $0.close() })
    }

    /// A pool for the connection string `url` (URL or `key=value` form).
    public convenience init(url: String, poolSize: Int = 8, checkoutTimeout: Duration = .seconds(5),
                            connectTimeoutSeconds: Int = 10) throws {
        try self.init(url: ConnectionString(url), poolSize: poolSize, checkoutTimeout: checkoutTimeout,
                      connectTimeoutSeconds: connectTimeoutSeconds)
    }

    deinit { pool.close() }

    /// Runs `body` in a READ COMMITTED write transaction. When any statement in it failed, the transaction rolls back
    /// and this throws, even if `body` caught the error and returned.
    @discardableResult public func transaction<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try run(begin: "BEGIN", body)
    }

    /// Runs `body` in a read-only transaction on one snapshot (REPEATABLE READ READ ONLY).
    @discardableResult public func read<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try run(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    /// Runs `SELECT 1`.
    public func ping() throws {
        _ = try read { try $0.query("SELECT 1") }
    }

    /// Closes idle connections now and busy ones when their transaction ends; later calls throw `.closed`.
    public func close() { pool.close() }

    private func run<T>(begin: String, _ body: (any SQLExecutor) throws -> T) throws -> T {
        let connection = try startTransaction(begin)
        let executor = PostgresExecutor(connection: connection)
        do {
            let result = try body(executor)
            executor.invalidate()
            // A statement that failed (its error swallowed by the closure) aborted the transaction: COMMIT would
            // answer ROLLBACK with a success status, so refuse here and say so.
            if executor.hasFailed || connection.isInFailedTransaction {
                throw StorageError(.queryFailed, "a statement failed inside the transaction")
            }
            try connection.commit()
            release(connection)
            return result
        } catch {
            executor.invalidate()
            if !connection.isBroken { try? connection.executeScript("ROLLBACK") }
            release(connection)
            throw error
        }
    }

    /// Checks out a connection and opens a transaction; when BEGIN finds the connection lost (nothing has run yet),
    /// drops it with every idle sibling — a restarted server broke them all — and retries once on a fresh one.
    private func startTransaction(_ begin: String) throws -> PostgresConnection {
        let connection = try pool.checkout()
        do {
            try connection.executeScript(begin)
            return connection
        } catch let error as StorageError where connection.isBroken || error.code == .connectionFailed {
            pool.discard(connection)
        } catch {
            release(connection)
            throw error
        }
        let fresh = try pool.checkout(fresh: true)
        do {
            try fresh.executeScript(begin)
            return fresh
        } catch {
            release(fresh)
            throw error
        }
    }

    /// Runs `body` on a pooled connection outside any transaction (administrative statements only).
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try pool.checkout()
        defer { release(connection) }
        return try body(connection)
    }

    /// Returns a healthy idle connection to the pool; drops a broken one or one left inside a transaction.
    private func release(_ connection: PostgresConnection) {
        if connection.isBroken || !connection.isIdle {
            pool.discard(connection)
        } else {
            pool.checkin(connection)
        }
    }
}
