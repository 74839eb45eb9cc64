import HTTPServer
import Storage
import Synchronization

/// A named readiness check: throws when its dependency is unusable.
public struct ReadinessCheck: Sendable {
    /// What is checked (`master_store`, `platform_store`, …).
    public let name: String
    /// Throws when not ready; the client sees only "unavailable", the log the error's type (and storage code).
    public let probe: @Sendable () throws -> Void

    /// A check with a name and a probe.
    public init(_ name: String, probe: @escaping @Sendable () throws -> Void) {
        self.name = name
        self.probe = probe
    }
}

/// `/healthz`, `/readyz`, `/metrics` and `/openapi.json`.
enum SystemRoutes {
    static let alive = Array(#"{"status":"ok"}"#.utf8)

    /// Registers the routes; `log` receives one line per failing readiness check (the server's log writer belongs here).
    static func register(in table: inout RouteTable, metrics: Metrics, checks: [ReadinessCheck],
                         log: @escaping LogWriter = LogLine.standardOutput, openAPI: @escaping @Sendable () -> String) {
        table.add(APIOperation("GET", "/healthz", summary: "Liveness: the process is up and answering.", tag: "operations",
                               responses: [(200, "Alive.", "application/json")]), execution: .inline) { _ in
            Response(headers: HTTPHeaders([("Content-Type", "application/json")]), body: alive)
        }
        let readiness = ReadinessCache(checks: checks, log: log)
        table.add(APIOperation("GET", "/readyz", summary: "Readiness: every store is reachable.", tag: "operations",
                               responses: [(200, "Ready.", "application/json"),
                                           (503, "A store is unreachable; the body names it and says why.", "application/json")])) { _ in
            try readiness.response()
        }
        table.add(APIOperation("GET", "/metrics", summary: "Prometheus metrics (text exposition format 0.0.4).", tag: "operations",
                               responses: [(200, "Metrics.", "text/plain; version=0.0.4")]), execution: .inline) { _ in
            .text(metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        table.add(APIOperation("GET", "/openapi.json", summary: "This API's OpenAPI 3.1 document.", tag: "operations",
                               responses: [(200, "The document.", "application/json")]), execution: .inline) { _ in
            .text(openAPI(), contentType: "application/json")
        }
    }
}

/// Runs the readiness checks at most once a second and shares the answer: `/readyz` is unauthenticated, and each
/// run costs database round trips. A failing check shows only "unavailable"; its error goes to the log.
final class ReadinessCache: Sendable {
    private let checks: [ReadinessCheck]
    private let log: LogWriter
    private let clock: @Sendable () -> Double
    private let maxAge: Double
    /// Held while the checks run, so concurrent requests wait for one run instead of each starting their own.
    private let cached = Mutex<(at: Double, response: Response)?>(nil)

    init(checks: [ReadinessCheck], log: @escaping LogWriter, maxAge: Double = 1,
         clock: @escaping @Sendable () -> Double = RateLimiter.monotonicSeconds) {
        self.checks = checks
        self.log = log
        self.maxAge = maxAge
        self.clock = clock
    }

    func response() throws -> Response {
        try cached.withLock { cached in
            if let cached, clock() - cached.at < maxAge { return cached.response }
            let response = try run()
            cached = (clock(), response)
            return response
        }
    }

    private func run() throws -> Response {
        var results: [String: String] = [:]
        var ready = true
        for check in checks {
            do {
                try check.probe()
                results[check.name] = "ok"
            } catch {
                ready = false
                results[check.name] = "unavailable"
                // Descriptions may carry file names, hosts or users: log only the type and a storage code.
                let code = (error as? StorageError).map { "\($0.code)" } ?? "none"
                log(LogLine.json(["event": "readiness.check_failed", "check": .string(check.name),
                                  "error_type": .string("\(type(of: error))"), "error_code": .string(code)]))
            }
        }
        struct Body: Encodable { let status: String; let checks: [String: String] }
        return try .json(Body(status: ready ? "ready" : "unready", checks: results), status: ready ? .ok : .serviceUnavailable)
    }
}
