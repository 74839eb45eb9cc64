import Foundation
import GatehouseTestSupport
@testable import HTTPServer
import Synchronization

/// A server on a free port with a log that tests can read.
final class TestServer: Sendable {
    let server: HTTPServer
    let log = LogCapture()

    init(configure: (inout HTTPServerConfiguration) -> Void = { _ in }, routes: (inout Router) -> Void) throws {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.workerThreads = 4
        configure(&configuration)
        var router = Router()
        routes(&router)
        let log = self.log
        server = HTTPServer(configuration: configuration, router: router, log: { line in log.append(line) })
        try server.start()
    }

    var port: UInt16 { server.port }
    var logLines: [String] { log.lines }

    func get(_ target: String, headers: [(String, String)] = []) throws -> TestResponse {
        try HTTPTestClient.request(port: port, target: target, headers: headers)
    }

    func post(_ target: String, body: String, contentType: String = "application/json", headers: [(String, String)] = []) throws -> TestResponse {
        try HTTPTestClient.request(port: port, method: "POST", target: target,
                                   headers: [("Content-Type", contentType)] + headers, body: Array(body.utf8))
    }

    deinit { server.shutdown() }
}

/// A gate a handler waits at until the test opens it.
final class Gate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let arrived = DispatchSemaphore(value: 0)

    /// Called by the handler: signals arrival and waits to be let through.
    func pass() {
        arrived.signal()
        semaphore.wait()
    }

    /// Waits until a handler has arrived at the gate.
    func awaitArrival(timeout: Double = 10) -> Bool {
        arrived.wait(timeout: .now() + timeout) == .success
    }

    func open(count: Int = 1) {
        for _ in 0..<count { semaphore.signal() }
    }
}

/// Log lines written by a server under test.
final class LogCapture: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ line: String) { storage.withLock { $0.append(line) } }
    var lines: [String] { storage.withLock { $0 } }
}
