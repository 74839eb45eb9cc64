import Foundation
import Workers
import GatehouseTestSupport
@testable import HTTPServer
import Synchronization
import Testing

@Suite("Worker pool, shutdown and access log")
struct ConcurrencyTests {
    @Test func aBlockedHandlerDoesNotStallOtherConnections() throws {
        let gate = Gate()
        let server = try TestServer(configure: { $0.workerThreads = 4 }) { router in
            router.add("GET", "/slow") { _ in gate.pass(); return .text("slow") }
            router.add("GET", "/api/v1/fast") { _ in .text("fast") }
        }
        let slowStatus = Mutex(0)
        let slow = Thread { slowStatus.withLock { $0 = (try? server.get("/slow").status) ?? -1 } }
        slow.start()
        #expect(gate.awaitArrival())
        // While the slow handler holds a worker, other requests are answered.
        for _ in 0..<10 { #expect(try server.get("/api/v1/fast").text == "fast") }
        gate.open()
        while slowStatus.withLock({ $0 }) == 0 { usleep(1000) }
        #expect(slowStatus.withLock { $0 } == 200)
    }

    @Test func saturatedWorkerPoolAnswers503() throws {
        let gate = Gate()
        let server = try TestServer(configure: { $0.workerThreads = 1; $0.workerQueueLimit = 0 }) { router in
            router.add("GET", "/slow") { _ in gate.pass(); return .text("slow") }
        }
        let first = Thread { _ = try? server.get("/slow") }
        first.start()
        #expect(gate.awaitArrival())
        let refused = try server.get("/slow")
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") == "1")
        gate.open(count: 2)
    }

    @Test func shutdownLetsRequestsInFlightFinish() throws {
        let gate = Gate()
        let server = try TestServer { router in
            router.add("GET", "/slow") { _ in gate.pass(); return .text("finished") }
        }
        let port = server.port
        let result = Mutex<TestResponse?>(nil)
        let client = Thread { result.withLock { $0 = try? HTTPTestClient.request(port: port, target: "/slow") } }
        client.start()
        #expect(gate.awaitArrival())
        let stopped = Atomic(false)
        let stopper = Thread { server.server.shutdown(); stopped.store(true, ordering: .releasing) }
        stopper.start()
        // New connections are refused once shutdown begins; the server waits for the slow request.
        var refused = false
        for _ in 0..<200 where !refused {
            refused = (try? HTTPTestClient.connect(port: port, timeout: 1)).map { close($0); return false } ?? true
            if !refused { usleep(5000) }
        }
        #expect(refused)
        let stoppedEarly = stopped.load(ordering: .acquiring)
        #expect(!stoppedEarly)
        gate.open()
        while !stopped.load(ordering: .acquiring) { usleep(1000) }
        #expect(result.withLock { $0?.status } == 200)
        #expect(result.withLock { $0?.text } == "finished")
    }

    @Test func keepAliveRequestAfterShutdownBeganGets503() throws {
        let gate = Gate()
        let server = try TestServer { router in
            router.add("GET", "/slow") { _ in gate.pass(); return .text("finished") }
            router.add("GET", "/work") { _ in .text("worked") }
        }
        let port = server.port
        let keptAlive = try KeepAliveConnection(port: port)
        #expect(try keptAlive.get("/work").status == 200)
        // A slow request holds shutdown open while the kept-alive connection sends another request.
        let slow = Thread { _ = try? HTTPTestClient.request(port: port, target: "/slow") }
        slow.start()
        #expect(gate.awaitArrival())
        let stopped = Atomic(false)
        let stopper = Thread { server.server.shutdown(); stopped.store(true, ordering: .releasing) }
        stopper.start()
        // Shutdown has begun once new connections are refused.
        var refused = false
        for _ in 0..<400 where !refused {
            refused = (try? HTTPTestClient.connect(port: port, timeout: 1)).map { close($0); return false } ?? true
            if !refused { usleep(5000) }
        }
        #expect(refused)
        usleep(50_000)
        // Answered at once (or the connection closed), never suspended: a suspended connection would make
        // MHD_stop_daemon abort the process.
        if let second = try? keptAlive.get("/work") {
            #expect(second.status == 503)
            #expect(second.json["code"] as? String == "shutting_down")
            #expect(second.header("Connection")?.lowercased() == "close")
        }
        gate.open()
        for _ in 0..<2000 where !stopped.load(ordering: .acquiring) { usleep(5000) }
        let finished = stopped.load(ordering: .acquiring)
        #expect(finished)
    }

    @Test func shutdownDoesNotWaitForASlowHeaderSender() throws {
        let server = try TestServer { router in
            router.add("GET", "/work") { _ in .text("worked") }
        }
        // The request line has arrived, the headers never finish.
        let dawdler = try KeepAliveConnection(port: server.port)
        dawdler.send(Array("GET /work HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8))
        for _ in 0..<400 where server.server.requestsInFlight == 0 { usleep(5000) }
        let stopped = Atomic(false)
        let stopper = Thread { server.server.shutdown(); stopped.store(true, ordering: .releasing) }
        stopper.start()
        for _ in 0..<600 where !stopped.load(ordering: .acquiring) { usleep(5000) }
        let finished = stopped.load(ordering: .acquiring)
        #expect(finished)
    }

    @Test func oneAccessLogLinePerRequestWithoutSecrets() throws {
        let server = try TestServer { router in
            router.add("POST", "/api/v1/realms/{realm}/login") { _ in throw HTTPError(.unauthorized, detail: "Invalid credentials.") }
        }
        let response = try server.post("/api/v1/realms/acme/login", body: #"{"username":"ann","password":"correct horse battery"}"#,
                                       headers: [("Authorization", "Bearer eyJsecret-token"), ("X-Request-Id", "log-test-1")])
        #expect(response.status == 401)
        var lines: [String] = []
        for _ in 0..<200 {  // the line is written when libmicrohttpd reports completion
            lines = server.logLines.filter { $0.contains("log-test-1") }
            if !lines.isEmpty { break }
            usleep(5000)
        }
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(fields["route"] as? String == "/api/v1/realms/{realm}/login")
        #expect(fields["status"] as? Int == 401)
        #expect(fields["method"] as? String == "POST")
        for secret in ["correct horse", "eyJsecret", "ann", "acme"] { #expect(!line.contains(secret)) }
    }
}
