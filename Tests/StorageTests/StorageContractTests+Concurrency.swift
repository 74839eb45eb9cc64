import Foundation
import PostgresStorage
import Storage
import Testing

extension StorageContractTests {
    @Test("a single-use DELETE … RETURNING raced from 16 threads succeeds exactly once", arguments: Backend.available)
    func singleUseDeleteRace(backend: Backend) throws {
        let db = try backend.makeDatabase(poolSize: 4, checkoutTimeout: .seconds(30))
        defer { db.close() }
        try db.transaction { ex in
            try ex.executeScript("CREATE TABLE codes (id BIGINT PRIMARY KEY, secret TEXT NOT NULL)")
            for id in 1...5 { try ex.execute("INSERT INTO codes (id, secret) VALUES ($1, $2)", [.integer(Int64(id)), .text("c\(id)")]) }
        }
        let winners = Collector<String>(), failures = Collector<String>()
        runConcurrently(16) { _ in
            do {
                let rows = try db.transaction { try $0.query("DELETE FROM codes WHERE id = $1 RETURNING secret", [3]) }
                for row in rows { winners.append(try row.string("secret")) }
            } catch {
                failures.append("\(error)")
            }
        }
        #expect(failures.all == [])
        #expect(winners.all == ["c3"])
        #expect(try db.read { try $0.query("SELECT id FROM codes") }.count == 4)
    }

    @Test("a conditional UPDATE … WHERE last < $2 raced from 16 threads succeeds exactly once", arguments: Backend.available)
    func conditionalUpdateRace(backend: Backend) throws {
        let db = try backend.makeDatabase(poolSize: 4, checkoutTimeout: .seconds(30))
        defer { db.close() }
        try db.transaction { ex in
            try ex.executeScript("CREATE TABLE totp (user_id BIGINT PRIMARY KEY, last_step BIGINT NOT NULL)")
            try ex.execute("INSERT INTO totp (user_id, last_step) VALUES ($1, $2)", [1, 100])
        }
        let accepted = Collector<Int>(), failures = Collector<String>()
        runConcurrently(16) { thread in
            do {
                let changed = try db.transaction { ex in
                    try ex.execute("UPDATE totp SET last_step = $2 WHERE user_id = $1 AND last_step < $2", [1, 101])
                }
                if changed == 1 { accepted.append(thread) }
            } catch {
                failures.append("\(error)")
            }
        }
        #expect(failures.all == [])
        #expect(accepted.all.count == 1)
        #expect(try db.read { try $0.queryFirst("SELECT last_step FROM totp")?.int("last_step") } == 101)
    }

    @Test("an exhausted pool throws .poolExhausted after the checkout timeout instead of hanging", arguments: Backend.available)
    func poolExhaustion(backend: Backend) throws {
        let db = try backend.makeDatabase(poolSize: 1, checkoutTimeout: .milliseconds(300))
        defer { db.close() }
        let start = Date()
        #expect(throws: StorageError(.poolExhausted, "")) {
            try db.transaction { _ in try db.read { try $0.query("SELECT 1") } }
        }
        #expect(Date().timeIntervalSince(start) < 5)
        try db.ping()   // the held connection went back to the pool
    }

    @Test("PostgreSQL keeps working after the server restarts",
          .enabled(if: Backend.postgresCtl != nil,
                   "needs GATEHOUSE_TEST_POSTGRES_CTL from scripts/with-postgres.sh to restart the test server"))
    func postgresSurvivesRestart() throws {
        let db = try Backend.postgres.makeDatabase(poolSize: 4, checkoutTimeout: .seconds(30))
        defer { db.close() }
        try Backend.postgres.createItems(db)
        // Open several pooled connections, all of which the restart will break.
        runConcurrently(4) { _ in _ = try? db.read { try $0.query("SELECT pg_sleep(0.2)") } }
        try restartPostgres()
        for id in 1...6 {
            try db.transaction { try $0.execute("INSERT INTO items (id) VALUES ($1)", [.integer(Int64(id))]) }
        }
        #expect(try db.read { try $0.query("SELECT id FROM items") }.count == 6)
        try db.ping()
    }

    /// Runs `$GATEHOUSE_TEST_POSTGRES_CTL restart` and waits for it (posix_spawn: Foundation's Process can miss the exit).
    private func restartPostgres() throws {
        let script = Backend.postgresCtl!
        var pid = pid_t()
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(script), strdup("restart"), nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, script, nil, nil, argv, environ)
        try #require(spawned == 0)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        #expect(status == 0, "pg_ctl restart failed")
    }

    @Test("errors never contain the connection URL or its password")
    func errorsHideConnectionSecrets() throws {
        let password = "Sup3r-S3cret-Pa55"
        let url = "postgresql://gatehouse:\(password)@127.0.0.1:1/gatehouse_nowhere?connect_timeout=3"
        let db = try PostgresDatabase(url: url, poolSize: 1)
        defer { db.close() }
        var seen: [String] = []
        do {
            try db.ping()
            Issue.record("connected to a port nothing listens on")
        } catch let error as StorageError {
            #expect(error.code == .connectionFailed)
            seen.append(error.description)
        }
        do {
            _ = try PostgresDatabase(url: "postgresql://gatehouse:\(password)@[bad", poolSize: 1)
            Issue.record("accepted a malformed URL")
        } catch let error as StorageError {
            #expect(error.code == .invalidConfiguration)
            seen.append(error.description)
        }
        seen.append(String(describing: ConnectionString(url)))
        seen.append(String(reflecting: ConnectionString(url)))
        var dumped = ""
        dump(ConnectionString(url), to: &dumped)
        seen.append(dumped)
        #expect(Mirror(reflecting: ConnectionString(url)).children.isEmpty)
        for text in seen {
            #expect(!text.contains(password), "\(text)")
            #expect(!text.contains("gatehouse:"), "\(text)")
        }
    }
}
