import Foundation
import PostgresStorage
import Storage
import Testing

/// The behaviours every storage backend must show. Serialized: one case restarts the PostgreSQL server.
@Suite(.serialized)
struct StorageContractTests {
    static let samples: [SQLValue] = [
        .null, .integer(0), .integer(-1), .integer(Int64.max), .integer(Int64.min),
        .real(0), .real(-1.5), .real(1e300), .real(Double.pi), .real(.infinity),
        .text(""), .text("héllo ✓ 𝄞 日本語"), .text("it's a \"quote\" and \\ backslash; DROP TABLE items"),
        .blob([]), .blob([0]), .blob([0, 0, 0]), .blob(Array(0...255)),
        .blob((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }),
    ]

    @Test("the PostgreSQL test server answers (every contract case then also runs on PostgreSQL)",
          .enabled(if: Backend.postgresURL != nil,
                   "PostgreSQL contract cases skipped: GATEHOUSE_TEST_POSTGRES_URL is not set (run under scripts/with-postgres.sh)"))
    func postgresServerAnswers() throws {
        let db = try Backend.postgres.makeDatabase()
        defer { db.close() }
        try db.ping()
        let version = try db.read { try $0.queryFirst("SELECT current_setting('server_version_num')::int AS v")?.int("v") }
        #expect((version ?? 0) >= 120000)
    }

    @Test("PostgreSQL connections get statement and idle-in-transaction timeouts unless the URL sets its own",
          .enabled(if: Backend.postgresURL != nil, "PostgreSQL skipped: GATEHOUSE_TEST_POSTGRES_URL is not set"))
    func postgresTimeoutDefaults() throws {
        // The test URL already carries `options` (its search_path): the defaults are added to it, not lost.
        let db = try Backend.postgres.makeDatabase()
        defer { db.close() }
        let settings = try db.read { ex in
            try ex.queryFirst("SELECT current_setting('statement_timeout') AS s, "
                + "current_setting('idle_in_transaction_session_timeout') AS i, current_schema() AS schema")
        }
        #expect(try settings?.string("s") == "30s")
        #expect(try settings?.string("i") == "1min")
        #expect(try settings?.string("schema").hasPrefix("t_") == true)
        // The URL's own value wins.
        let base = try #require(Backend.postgresURL)
        let own = try PostgresDatabase(url: base + (base.contains("?") ? "&" : "?") + "options=-c%20statement_timeout%3D5s",
                                       poolSize: 1)
        defer { own.close() }
        #expect(try own.read { try $0.queryFirst("SHOW statement_timeout")?.string("statement_timeout") } == "5s")
    }

    @Test("every SQLValue round-trips through its column", arguments: Backend.available)
    func valuesRoundTrip(backend: Backend) throws {
        let db = try backend.makeDatabase()
        defer { db.close() }
        try backend.createItems(db)
        let column: (SQLValue) -> String = { value in
            switch value {
            case .null, .integer: return "i"
            case .real: return "r"
            case .text: return "t"
            case .blob: return "b"
            }
        }
        try db.transaction { ex in
            for (n, value) in Self.samples.enumerated() {
                try ex.execute("INSERT INTO items (id, \(column(value))) VALUES ($1, $2)", [.integer(Int64(n)), value])
            }
        }
        let rows = try db.read { try $0.query("SELECT id, i, r, t, b FROM items ORDER BY id") }
        #expect(rows.count == Self.samples.count)
        for row in rows {
            let id = try row.int("id")
            let expected = Self.samples[Int(id)]
            #expect(row[column(expected)] == expected, "sample \(id)")
        }
        // NULL reads back as NULL in every column type.
        let nulls = try db.read { try $0.queryFirst("SELECT i, r, t, b FROM items WHERE id = 0") }
        #expect(nulls?.values == [.null, .null, .null, .null])
    }

    @Test("parameters are bound by number, may repeat, and must all be used", arguments: Backend.available)
    func parametersByNumber(backend: Backend) throws {
        let db = try backend.makeDatabase()
        defer { db.close() }
        try backend.createItems(db)
        let inserted = try db.transaction { ex in
            [try ex.execute("INSERT INTO items (id, i, t) VALUES ($2, $2, $1)", ["seven", 7]),
             try ex.execute("INSERT INTO items (id, i, t) VALUES ($1, $1, $2)", [8, "eight"])]
        }
        #expect(inserted == [1, 1])
        let rows = try db.read { ex in
            try ex.query("SELECT t FROM items WHERE (id = $2 OR i = $2) AND t <> $1 ORDER BY id", ["x", 8])
        }
        #expect(try rows.map { try $0.string("t") } == ["eight"])
        #expect(try db.read { try $0.query("SELECT t FROM items WHERE id = $1 AND i = $1", [7]) }.count == 1)
        #expect(throws: StorageError(.invalidQuery, "")) {
            try db.read { try $0.query("SELECT t FROM items WHERE id = $1", [7, 8]) }
        }
        #expect(throws: StorageError(.invalidQuery, "")) {
            try db.read { try $0.query("SELECT t FROM items WHERE id = $1 AND i = $2", [7]) }
        }
    }

    @Test("a transaction commits on return and rolls back on throw", arguments: Backend.available)
    func commitAndRollback(backend: Backend) throws {
        let db = try backend.makeDatabase()
        defer { db.close() }
        try backend.createItems(db)
        let changed = try db.transaction { try $0.execute("INSERT INTO items (id, t) VALUES ($1, $2)", [1, "kept"]) }
        #expect(changed == 1)
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try db.transaction { ex in
                try ex.execute("INSERT INTO items (id, t) VALUES ($1, $2)", [2, "dropped"])
                try ex.execute("UPDATE items SET t = $1 WHERE id = $2", ["overwritten", 1])
                throw Abort()
            }
        }
        let rows = try db.read { try $0.query("SELECT id, t FROM items ORDER BY id") }
        #expect(try rows.map { try $0.string("t") } == ["kept"])
    }

    @Test("a transaction whose statement failed never commits, even when the closure swallows the error",
          arguments: Backend.available)
    func swallowedFailureRollsBack(backend: Backend) throws {
        let db = try backend.makeDatabase()
        defer { db.close() }
        try backend.createItems(db)
        try db.transaction { try $0.execute("INSERT INTO items (id, t) VALUES ($1, $2)", [1, "first"]) }
        #expect(throws: StorageError(.queryFailed, "")) {
            try db.transaction { ex in
                try ex.execute("INSERT INTO items (id, t) VALUES ($1, $2)", [2, "lost"])
                _ = try? ex.execute("INSERT INTO items (id, t) VALUES ($1, $2)", [1, "duplicate"])
                _ = try? ex.execute("UPDATE items SET t = $1 WHERE id = $2", ["changed", 1])
                return 0
            }
        }
        let rows = try db.read { try $0.query("SELECT id, t FROM items ORDER BY id") }
        #expect(try rows.map { try $0.string("t") } == ["first"])
        // The connection went back to the pool in a usable state.
        try db.transaction { try $0.execute("INSERT INTO items (id, t) VALUES ($1, $2)", [3, "third"]) }
        #expect(try db.read { try $0.query("SELECT id FROM items") }.count == 2)
    }

    @Test("a text parameter containing NUL is refused, not truncated", arguments: Backend.available)
    func textWithNULIsRefused(backend: Backend) throws {
        let db = try backend.makeDatabase()
        defer { db.close() }
        try backend.createItems(db)
        #expect(throws: StorageError(.invalidQuery, "")) {
            try db.transaction { try $0.execute("INSERT INTO items (id, t) VALUES ($1, $2)", [1, "admin\u{0}.evil"]) }
        }
        #expect(throws: StorageError(.invalidQuery, "")) {
            try db.read { try $0.query("SELECT id FROM items WHERE t = $1", ["admin\u{0}"]) }
        }
        #expect(try db.read { try $0.query("SELECT id FROM items") }.isEmpty)
        // NUL is fine in a blob.
        try db.transaction { try $0.execute("INSERT INTO items (id, b) VALUES ($1, $2)", [2, .blob([0x61, 0, 0x62])]) }
        #expect(try db.read { try $0.queryFirst("SELECT b FROM items WHERE id = 2")?["b"] } == .blob([0x61, 0, 0x62]))
    }

    @Test("a read transaction refuses writes", arguments: Backend.available)
    func readRefusesWrites(backend: Backend) throws {
        let db = try backend.makeDatabase()
        defer { db.close() }
        try backend.createItems(db)
        #expect(throws: StorageError(.invalidQuery, "")) {
            try db.read { try $0.execute("INSERT INTO items (id) VALUES ($1)", [1]) }
        }
        #expect(try db.read { try $0.query("SELECT id FROM items") }.isEmpty)
        try db.ping()
    }

    @Test("unique and other constraint violations map to their codes", arguments: Backend.available)
    func constraintViolations(backend: Backend) throws {
        let db = try backend.makeDatabase()
        defer { db.close() }
        try db.transaction { ex in
            try ex.executeScript("CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL UNIQUE)")
            try ex.execute("INSERT INTO users (id, email) VALUES ($1, $2)", [1, "a@example.test"])
        }
        #expect(throws: StorageError(.uniqueViolation, "")) {
            try db.transaction { try $0.execute("INSERT INTO users (id, email) VALUES ($1, $2)", [2, "a@example.test"]) }
        }
        #expect(throws: StorageError(.uniqueViolation, "")) {
            try db.transaction { try $0.execute("INSERT INTO users (id, email) VALUES ($1, $2)", [1, "b@example.test"]) }
        }
        #expect(throws: StorageError(.constraintViolation, "")) {
            try db.transaction { try $0.execute("INSERT INTO users (id, email) VALUES ($1, $2)", [3, nil]) }
        }
        // The failed attempts left nothing behind and the database still works.
        #expect(try db.read { try $0.query("SELECT id FROM users") }.count == 1)
    }

    @Test("a closed database throws .closed and an escaped executor is refused", arguments: Backend.available)
    func closedAndEscaped(backend: Backend) throws {
        let db = try backend.makeDatabase()
        let escaped = try db.read { $0 }
        #expect(throws: StorageError(.invalidQuery, "")) { try escaped.query("SELECT 1") }
        db.close()
        #expect(throws: StorageError(.closed, "")) { try db.ping() }
    }
}
