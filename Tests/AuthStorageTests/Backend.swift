import AuthCore
import AuthStorage
import Foundation
import PostgresStorage
import SQLiteStorage
import Storage
import Synchronization
import Testing

/// A backend the realm-store contract runs on: SQLite always, PostgreSQL when scripts/with-postgres.sh set one up.
/// (The same pattern as StorageTests' `Backend`, reduced to what this suite needs.)
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static let postgresURL = ProcessInfo.processInfo.environment["GATEHOUSE_TEST_POSTGRES_URL"]

    /// The backends that can run here.
    static let available: [Backend] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]

    var testDescription: String { rawValue }

    /// A migrated, empty realm store in a fresh database (a temp SQLite file, or a new PostgreSQL schema).
    func makeStore(poolSize: Int = 4) throws -> TestStore {
        let db: any Database
        switch self {
        case .sqlite:
            db = try SQLiteDatabase.temporary(poolSize: poolSize, checkoutTimeout: .seconds(30))
        case .postgres:
            db = try PostgresDatabase(url: try Backend.freshPostgresURL(), poolSize: poolSize, checkoutTimeout: .seconds(30))
        }
        do {
            return TestStore(store: try SQLRealmStore.migrated(db), db: db)
        } catch {
            db.close()
            throw error
        }
    }

    /// A URL whose connections see only a new, empty schema inside the test database.
    private static func freshPostgresURL() throws -> String {
        guard let base = postgresURL else { throw StorageError(.invalidConfiguration, "no test server") }
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let admin = try PostgresDatabase(url: base, poolSize: 1)
        defer { admin.close() }
        try admin.transaction { try $0.executeScript("CREATE SCHEMA \(schema)") }
        return base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
    }
}

/// A store under test and the raw database beneath it (for counting rows and tampering).
struct TestStore: ~Copyable {
    let store: SQLRealmStore
    let db: any Database

    deinit { db.close() }

    /// The number of rows in `table` matching `condition` (test-written SQL, parameterised).
    func count(_ table: String, where condition: String = "1 = 1", _ parameters: [SQLValue] = []) throws -> Int64 {
        try db.read { try $0.queryFirst("SELECT COUNT(*) AS n FROM \(table) WHERE \(condition)", parameters)?.int("n") ?? -1 }
    }

    /// Inserts a user with a password hash and no credentials.
    @discardableResult
    func addUser(_ id: String, _ username: String? = nil) throws -> User {
        let user = User(id: id, username: username ?? id, email: nil, roles: [.user], disabled: false,
                        passwordHash: "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", createdAt: 1_700_000_000)
        try store.insertUser(user)
        return user
    }
}

/// Collects values from many threads.
final class Collector<T: Sendable>: Sendable {
    private let items = Mutex<[T]>([])
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
