import Foundation
import GatehouseTestSupport
@testable import GatehouseServer
import HTTPServer
import Synchronization
import Testing

@Suite("Operator endpoints on a running server")
struct ServerTests {
    /// A Gatehouse on a free port: embedded SQLite in a temporary directory, or PostgreSQL when given.
    static func withServer(databaseURL: String? = nil, _ body: (Gatehouse, UInt16) throws -> Void) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var environment = ["GATEHOUSE_DATA_DIR": directory.path, "GATEHOUSE_LISTEN": "127.0.0.1:0"]
        if let databaseURL { environment["GATEHOUSE_DATABASE_URL"] = databaseURL }
        let configuration = try GatehouseConfiguration.load(file: nil, environment: environment)
        let gatehouse = try Gatehouse(configuration: configuration, log: { _ in })
        try gatehouse.start()
        defer { gatehouse.shutdown() }
        try body(gatehouse, gatehouse.server.port)
    }

    static var postgresURL: String? { ProcessInfo.processInfo.environment["GATEHOUSE_TEST_POSTGRES_URL"] }

    @Test func healthAndReadinessOnSQLite() throws {
        try Self.withServer { _, port in
            let health = try HTTPTestClient.request(port: port, target: "/healthz")
            #expect(health.status == 200)
            let ready = try HTTPTestClient.request(port: port, target: "/readyz")
            #expect(ready.status == 200)
            #expect(ready.json["status"] as? String == "ready")
        }
    }

    @Test(.enabled(if: postgresURL != nil, "needs GATEHOUSE_TEST_POSTGRES_URL (make test starts a PostgreSQL)"))
    func readinessOnPostgreSQL() throws {
        try Self.withServer(databaseURL: Self.postgresURL) { gatehouse, port in
            #expect(gatehouse.stores.backend == .postgres)
            let ready = try HTTPTestClient.request(port: port, target: "/readyz")
            #expect(ready.status == 200)
            #expect((ready.json["checks"] as? [String: String])?["master_store"] == "ok")
        }
    }

    @Test func readinessNamesTheFailingStore() throws {
        struct Down: Error, CustomStringConvertible { var description: String { "connection to db.internal as admin refused" } }
        let probes = Mutex(0)
        let logged = Mutex<[String]>([])
        var table = RouteTable()
        SystemRoutes.register(in: &table, metrics: Metrics(),
                              checks: [ReadinessCheck("master_store") { probes.withLock { $0 += 1 } },
                                       ReadinessCheck("platform_store") { throw Down() }],
                              log: { line in logged.withLock { $0.append(line) } }) { "" }
        let server = HTTPServer(configuration: { var c = HTTPServerConfiguration(); c.port = 0; return c }(),
                                router: table.router, log: { _ in })
        try server.start()
        defer { server.shutdown() }
        let ready = try HTTPTestClient.request(port: server.port, target: "/readyz")
        #expect(ready.status == 503)
        #expect(ready.json["status"] as? String == "unready")
        // The store is named; why it failed is not shown to unauthenticated clients, only logged by type.
        #expect((ready.json["checks"] as? [String: String])?["platform_store"] == "unavailable")
        #expect((ready.json["checks"] as? [String: String])?["master_store"] == "ok")
        #expect(!ready.text.contains("db.internal"))
        let lines = logged.withLock { $0 }
        #expect(lines.count == 1)
        #expect(lines.first?.contains("platform_store") == true)
        #expect(lines.first?.contains("Down") == true)
        #expect(lines.first?.contains("db.internal") == false)
        // Within a second the answer comes from the cache: no new database round trips.
        #expect(try HTTPTestClient.request(port: server.port, target: "/readyz").status == 503)
        #expect(probes.withLock { $0 } == 1)
        usleep(1_100_000)
        _ = try HTTPTestClient.request(port: server.port, target: "/readyz")
        #expect(probes.withLock { $0 } == 2)
    }

    @Test func metricsCountRequestsByRoute() throws {
        try Self.withServer { _, port in
            for _ in 0..<3 { _ = try HTTPTestClient.request(port: port, target: "/healthz") }
            _ = try HTTPTestClient.request(port: port, target: "/api/v1/nope")
            var text = ""
            for _ in 0..<100 {  // counted when libmicrohttpd reports completion, just after the response
                text = try HTTPTestClient.request(port: port, target: "/metrics").text
                if text.contains(#"route="/healthz",status="200"} 3"#) { break }
                usleep(10_000)
            }
            #expect(text.contains(#"gatehouse_http_requests_total{method="GET",route="/healthz",status="200"} 3"#))
            #expect(text.contains(#"route="unmatched",status="404"} 1"#))
            #expect(text.contains("gatehouse_http_request_duration_seconds_bucket"))
            #expect(text.contains("gatehouse_worker_pool_queue_depth"))
            #expect(text.contains("gatehouse_hashing_pool_queue_depth"))
            #expect(text.contains("gatehouse_http_rate_limited_total 0"))
        }
    }

    @Test func aClosedStandardOutputDoesNotKillTheServer() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let port = UInt16.random(in: 20000...40000)
        let running = try GatehouseProcess.start(["serve"], environment: ["GATEHOUSE_DATA_DIR": directory.path,
                                                                   "GATEHOUSE_LISTEN": "127.0.0.1:\(port)"])
        defer { if running.process.isRunning { kill(running.process.processIdentifier, SIGKILL) } }
        var health: TestResponse?
        for _ in 0..<200 where health == nil {
            health = try? HTTPTestClient.request(port: port, target: "/healthz", timeout: 1)
            if health == nil { usleep(25_000) }
        }
        #expect(health?.status == 200)
        // Whoever read the log went away: every access-log line now meets a closed pipe (EPIPE, SIGPIPE).
        try running.stdout.fileHandleForReading.close()
        for _ in 0..<5 { _ = try? HTTPTestClient.request(port: port, target: "/healthz", timeout: 1) }
        usleep(100_000)
        #expect(running.process.isRunning)
        #expect(try HTTPTestClient.request(port: port, target: "/healthz", timeout: 2).status == 200)
        kill(running.process.processIdentifier, SIGTERM)
        running.process.waitUntilExit()
        #expect(running.process.terminationReason == .exit)
        #expect(running.process.terminationStatus == 0)
    }

    @Test func openAPIDocumentMatchesDocsAndEveryRoute() throws {
        try Self.withServer { gatehouse, port in
            let served = try HTTPTestClient.request(port: port, target: "/openapi.json")
            #expect(served.status == 200)
            let docs = try String(contentsOfFile: repositoryRoot + "/Docs/openapi.json", encoding: .utf8)
            #expect(served.text == docs, "Docs/openapi.json is stale: run `make openapi`")
            let document = served.json
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = document["paths"] as? [String: [String: Any]] ?? [:]
            for route in gatehouse.server.routes {
                #expect(paths[route.pattern]?[route.method.lowercased()] != nil, "\(route.method) \(route.pattern) is undocumented")
            }
        }
    }
}
