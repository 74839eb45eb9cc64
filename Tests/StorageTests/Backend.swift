import Foundation
import PostgresStorage
import SQLiteStorage
import Storage
import Synchronization
import Testing

/// A storage backend under test; the contract suite runs every behaviour once per backend.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    /// Set by scripts/with-postgres.sh; without it the PostgreSQL cases are cancelled (skipped) with a reason.
    static let postgresURL = ProcessInfo.processInfo.environment["GATEHOUSE_TEST_POSTGRES_URL"]
    /// A script that restarts the throwaway server (scripts/with-postgres.sh).
    static let postgresCtl = ProcessInfo.processInfo.environment["GATEHOUSE_TEST_POSTGRES_CTL"]

    var testDescription: String { rawValue }

    /// The backends that can run here: SQLite always, PostgreSQL when a test server is configured.
    /// (Without one, `StorageContractTests.postgresServerAnswers` is reported as skipped with the reason.)
    static let available: [Backend] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]

    /// Cancels (skips) the current test when this backend cannot run here.
    func requireAvailable() throws {
        if !Backend.available.contains(self) {
            try Test.cancel("PostgreSQL skipped: GATEHOUSE_TEST_POSTGRES_URL is not set (run under scripts/with-postgres.sh)")
        }
    }

    /// A fresh, empty database: a temp SQLite file, or a new PostgreSQL schema reached through `search_path`.
    func makeDatabase(poolSize: Int = 4, checkoutTimeout: Duration = .seconds(5)) throws -> any Database {
        try requireAvailable()
        switch self {
        case .sqlite:
            return try SQLiteDatabase.temporary(poolSize: poolSize, checkoutTimeout: checkoutTimeout)
        case .postgres:
            return try PostgresDatabase(url: try Backend.freshPostgresURL(), poolSize: poolSize,
                                        checkoutTimeout: checkoutTimeout)
        }
    }

    /// A URL whose connections see only a new, empty schema: a private "database" per test inside gatehouse_test.
    static func freshPostgresURL() throws -> String {
        guard let base = postgresURL else { throw StorageError(.invalidConfiguration, "no test server") }
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let admin = try PostgresDatabase(url: base, poolSize: 1)
        defer { admin.close() }
        try admin.transaction { try $0.executeScript("CREATE SCHEMA \(schema)") }
        return base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
    }

    /// Column types that differ between the dialects.
    var realType: String { self == .sqlite ? "REAL" : "DOUBLE PRECISION" }
    var blobType: String { self == .sqlite ? "BLOB" : "BYTEA" }

    /// Creates `items(id BIGINT PRIMARY KEY, i BIGINT, r real, t TEXT, b blob)`.
    func createItems(_ db: any Database) throws {
        try db.transaction { ex in
            try ex.executeScript("""
                CREATE TABLE items (id BIGINT PRIMARY KEY, i BIGINT, r \(realType), t TEXT, b \(blobType))
                """)
        }
    }
}

/// A value shared between test threads.
final class Locked<T: Sendable>: Sendable {
    private let value: Mutex<T>
    init(_ value: T) { self.value = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout T) throws -> R) rethrows -> R { try value.withLock { try body(&$0) } }
}

/// Collects values from many threads.
final class Collector<T: Sendable>: Sendable {
    private let items = Locked<[T]>([])
    func append(_ item: T) { items.withLock { $0.append(item) } }
    var all: [T] { items.withLock { $0 } }
}

/// Runs `body` on `count` real threads released together, and waits for all of them.
func runConcurrently(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    let gate = DispatchSemaphore(value: 0)
    for i in 0..<count {
        group.enter()
        Thread {
            gate.wait()
            body(i)
            group.leave()
        }.start()
    }
    for _ in 0..<count { gate.signal() }
    group.wait()
}
