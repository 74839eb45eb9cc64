import HTTPServer

/// A named readiness check: throws when its dependency is unusable.
public struct ReadinessCheck: Sendable {
    /// What is checked (`master_store`, `platform_store`, …).
    public let name: String
    /// Throws with a reason that is safe to show when not ready.
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

    static func register(in table: inout RouteTable, metrics: Metrics, checks: [ReadinessCheck], openAPI: @escaping @Sendable () -> String) {
        table.add(APIOperation("GET", "/healthz", summary: "Liveness: the process is up and answering.", tag: "operations",
                               responses: [(200, "Alive.", "application/json")]), execution: .inline) { _ in
            Response(headers: HTTPHeaders([("Content-Type", "application/json")]), body: alive)
        }
        table.add(APIOperation("GET", "/readyz", summary: "Readiness: every store is reachable.", tag: "operations",
                               responses: [(200, "Ready.", "application/json"),
                                           (503, "A store is unreachable; the body names it and says why.", "application/json")])) { _ in
            var results: [String: String] = [:]
            var ready = true
            for check in checks {
                do {
                    try check.probe()
                    results[check.name] = "ok"
                } catch {
                    ready = false
                    results[check.name] = String(describing: error)
                }
            }
            struct Body: Encodable { let status: String; let checks: [String: String] }
            return try .json(Body(status: ready ? "ready" : "unready", checks: results),
                             status: ready ? .ok : .serviceUnavailable)
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
