import Foundation
@testable import PostgresStorage
import SQLiteStorage
import Storage
import Synchronization
import Testing

/// Backend-independent behaviour of the storage values.
@Suite
struct StorageValueTests {
    @Test("realm ids follow ^[a-z0-9][a-z0-9-]{0,62}$",
          arguments: [("platform", true), ("acme-1", true), ("0", true), (String(repeating: "a", count: 63), true),
                      ("", false), ("-acme", false), ("Acme", false), ("acme_1", false), ("acme.x", false),
                      ("../etc", false), (String(repeating: "a", count: 64), false), ("acmé", false)])
    func realmIDValidation(raw: String, valid: Bool) {
        #expect(((try? RealmID(raw)) != nil) == valid)
        #expect(RealmID.isValid(raw) == valid)
    }

    @Test("row accessors return typed values and refuse the wrong kind")
    func rowAccessors() throws {
        let row = Row(columns: ["n", "s", "b", "x", "r"], values: [.integer(5), .text("hi"), .blob([1]), .null, .real(1.5)])
        #expect(try row.int("n") == 5)
        #expect(try row.string("s") == "hi")
        #expect(try row.blob("b") == [1])
        #expect(try row.optionalInt("x") == nil)
        #expect(try row.double("n") == 5)
        #expect(try row.bool("n"))
        #expect(row["missing"] == .null)
        #expect(throws: StorageError(.typeMismatch, "")) { try row.int("s") }
        #expect(throws: StorageError(.typeMismatch, "")) { try row.string("x") }
        #expect(throws: StorageError(.typeMismatch, "")) { try row.blob("r") }
        #expect(throws: StorageError(.notFound, "")) { try row.optionalString("missing") }
    }

    @Test("the LRU cache evicts the least recently used entry")
    func lruEviction() {
        var cache = LRUCache<String, Int>(capacity: 2)
        #expect(cache.insert("a", 1).isEmpty)
        #expect(cache.insert("b", 2).isEmpty)
        #expect(cache.get("a") == 1)
        #expect(cache.insert("c", 3) == [2])
        #expect(Set(cache.keys) == ["a", "c"])
    }

    @Test("a realm store dropped from the cache keeps working for whoever holds it, and closes when they let go")
    func evictedStoreStaysUsable() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gh-evict-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = RealmStoreCache<SQLiteDatabase>(capacity: 1)
        defer { cache.closeAll() }
        let open = { (realm: String) in
            try cache.store(for: try RealmID(realm)) { try SQLiteDatabase(path: "\(directory)/\(realm).sqlite", poolSize: 1) }
        }
        weak var dropped: SQLiteDatabase?
        try {
            let held = try open("acme")
            dropped = held
            _ = try open("globex")  // evicts acme while a request still holds it
            #expect(cache.realms == [try RealmID("globex")])
            #expect(try held.transaction { try $0.queryFirst("SELECT realm_id FROM realm_info")?.string("realm_id") } == "acme")
        }()
        #expect(dropped == nil)  // the last holder let go: deinit closed it
        #expect(try open("acme").read { try $0.queryFirst("SELECT realm_id FROM realm_info")?.string("realm_id") } == "acme")
    }

    @Test("an evicted store that nobody holds closes outside the cache's lock")
    func evictedStoreClosesOutsideTheLock() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gh-evict-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = RealmStoreCache<ClosingProbe>(capacity: 1)
        defer { cache.closeAll() }
        let blocked = Mutex<Bool?>(nil)
        // When the probe is torn down, another thread asks the cache something; a lock held meanwhile blocks it.
        let onClose: @Sendable () -> Void = {
            let answered = DispatchSemaphore(value: 0)
            Thread { _ = cache.realms; answered.signal() }.start()
            let timedOut = answered.wait(timeout: .now() + 2) == .timedOut
            blocked.withLock { $0 = timedOut }
        }
        for realm in ["acme", "globex"] {
            _ = try cache.store(for: try RealmID(realm)) {
                ClosingProbe(try SQLiteDatabase(path: "\(directory)/\(realm).sqlite", poolSize: 1), onDeinit: onClose)
            }
        }
        #expect(blocked.withLock { $0 } == false, "acme was evicted and released while globex went in")
    }

    @Test("the default locator keeps the master's server and names the realm's database")
    func defaultLocator() throws {
        let locate = PostgresRealmStoreResolver.defaultLocator(
            masterURL: ConnectionString("postgresql://gh:pw@db.internal:5433/gatehouse_master?sslmode=require"))
        let conninfo = try locate(try RealmID("acme-east-1"))
        let options = Dictionary(try PostgresConnectionInfo.parse(conninfo).map { ($0.keyword, $0.value) },
                                 uniquingKeysWith: { a, _ in a })
        #expect(options["dbname"] == "gatehouse_realm_acme_east_1")
        #expect(options["host"] == "db.internal")
        #expect(options["port"] == "5433")
        #expect(options["user"] == "gh")
        #expect(options["sslmode"] == "require")
    }

    @Test("bytea hex text decodes; anything else is refused")
    func byteaDecoding() {
        func decode(_ s: String) -> [UInt8]? { Array(s.utf8).withUnsafeBytes { PostgresValueCodec.decodeBytea($0) } }
        #expect(decode("\\x") == [])
        #expect(decode("\\x00ff7A") == [0, 255, 0x7A])
        #expect(decode("\\x0") == nil)
        #expect(decode("\\xzz") == nil)
        #expect(decode("abc") == nil)
    }
}

extension StorageValueTests {
    @Test("a new SQLite database gets its parent directories and mode 0600")
    func sqliteFileMode() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gh-mode-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let master = try SQLiteRealmStoreResolver.openMaster(dataDirectory: directory + "/nested/data")
        defer { master.close() }
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/nested/data/master.sqlite")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let platform = try master.read { try $0.queryFirst("SELECT id FROM realms WHERE id = $1", ["platform"]) }
        #expect(platform != nil)
    }
}

/// A store that runs `onDeinit` when its last reference goes.
private final class ClosingProbe: Database, @unchecked Sendable {
    let inner: SQLiteDatabase
    let onDeinit: @Sendable () -> Void
    init(_ inner: SQLiteDatabase, onDeinit: @escaping @Sendable () -> Void) {
        self.inner = inner
        self.onDeinit = onDeinit
    }
    deinit { onDeinit() }
    var dialect: SQLDialect { inner.dialect }
    func transaction<T>(_ body: (any SQLExecutor) throws -> T) throws -> T { try inner.transaction(body) }
    func read<T>(_ body: (any SQLExecutor) throws -> T) throws -> T { try inner.read(body) }
    func ping() throws { try inner.ping() }
    func close() { inner.close() }
}
