import Foundation
import Storage

/// A SQLite database file in WAL mode behind a small pool of connections.
public final class SQLiteDatabase: Database {
    /// The database file.
    public let path: String
    /// Always `.sqlite`.
    public let dialect = SQLDialect.sqlite
    private let pool: BlockingPool<SQLiteConnection>
    private let removeOnClose: String?

    /// Opens (creating with mode 0600, parents included) the database at `path`.
    ///
    /// - Parameters:
    ///   - poolSize: connections kept; writers serialise on `BEGIN IMMEDIATE`, readers run side by side.
    ///   - busyTimeout: how long a statement waits for another connection's lock before `.busy`.
    ///   - checkoutTimeout: how long a transaction waits for a free connection before `.poolExhausted`.
    public convenience init(path: String, poolSize: Int = 4, busyTimeout: Duration = .seconds(5),
                            checkoutTimeout: Duration = .seconds(10)) throws {
        try self.init(path: path, poolSize: poolSize, busyTimeout: busyTimeout,
                      checkoutTimeout: checkoutTimeout, removeOnClose: nil)
    }

    private init(path: String, poolSize: Int, busyTimeout: Duration, checkoutTimeout: Duration,
                 removeOnClose: String?) throws {
        guard !path.isEmpty, poolSize >= 1 else {
            throw StorageError(.invalidConfiguration, "SQLite needs a file path and a pool of at least one connection")
        }
        try Self.createFile(at: path)
        self.path = path
        self.removeOnClose = removeOnClose
        let millis = Int32(clamping: busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000)
        pool = BlockingPool(capacity: poolSize, timeout: checkoutTimeout,
                            make: { try SQLiteConnection(path: path, busyTimeoutMilliseconds: millis) },
                            destroy: { $0.close() })
        // Open one connection now so a bad path fails here, not at the first request.
        pool.checkin(try pool.checkout())
    }

    /// A database in a fresh temporary directory that is deleted on `close()` (tests, tools).
    public static func temporary(poolSize: Int = 4, busyTimeout: Duration = .seconds(5),
                                 checkoutTimeout: Duration = .seconds(10)) throws -> SQLiteDatabase {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gatehouse-sqlite-\(UUID().uuidString)").path
        return try SQLiteDatabase(path: directory + "/test.sqlite", poolSize: poolSize, busyTimeout: busyTimeout,
                                  checkoutTimeout: checkoutTimeout, removeOnClose: directory)
    }

    deinit { close() }

    /// Runs `body` after `BEGIN IMMEDIATE` (the write lock is taken up front, so writers never deadlock upgrading).
    /// When any statement in it failed, the transaction rolls back and this throws, even if `body` caught the error.
    @discardableResult public func transaction<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try run(begin: "BEGIN IMMEDIATE", readOnly: false, body)
    }

    /// Runs `body` in a deferred transaction that refuses writes.
    @discardableResult public func read<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        try run(begin: "BEGIN", readOnly: true, body)
    }

    /// Runs `SELECT 1`.
    public func ping() throws {
        _ = try read { try $0.query("SELECT 1") }
    }

    /// Closes the pool (and deletes a temporary database's directory).
    public func close() {
        pool.close()
        if let removeOnClose { try? FileManager.default.removeItem(atPath: removeOnClose) }
    }

    private func run<T>(begin: String, readOnly: Bool, _ body: (any SQLExecutor) throws -> T) throws -> T {
        let connection = try pool.checkout()
        do {
            try connection.executeScript(begin)
        } catch {
            pool.checkin(connection)
            throw error
        }
        let executor = SQLiteExecutor(connection: connection, readOnly: readOnly)
        do {
            let result = try body(executor)
            executor.invalidate()
            // SQLite keeps a transaction open after a failed statement; refuse to commit it anyway, as PostgreSQL does.
            if executor.hasFailed {
                throw StorageError(.queryFailed, "a statement failed inside the transaction")
            }
            try connection.executeScript("COMMIT")
            pool.checkin(connection)
            return result
        } catch {
            executor.invalidate()
            do {
                try connection.executeScript("ROLLBACK")
                pool.checkin(connection)
            } catch {
                pool.discard(connection)   // state unknown: never reuse it
            }
            throw error
        }
    }

    /// Creates parent directories (0700) and the file (0600) unless it exists.
    private static func createFile(at path: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw StorageError(.ioFailure, "cannot create directory for SQLite database")
            }
        }
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd >= 0 {
            fchmod(fd, 0o600)
            Foundation.close(fd)
        } else if errno != EEXIST {
            throw StorageError(.ioFailure, "cannot create SQLite database file (errno \(errno))")
        }
    }
}
