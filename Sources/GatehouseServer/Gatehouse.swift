import HTTPServer
import Storage
import Workers

/// The composition root: configuration, stores, pools and routes wired into one server.
public final class Gatehouse: Sendable {
    /// The version printed by `gatehouse version` and published in the OpenAPI document.
    public static let version = "0.1.0"

    /// The validated configuration.
    public let configuration: GatehouseConfiguration
    /// The master and realm stores.
    public let stores: Stores
    /// The pool that runs password and recovery-code hashing.
    public let hashing: WorkerPool
    /// The HTTP server.
    public let server: HTTPServer
    /// Every documented operation (also the OpenAPI document's source).
    public let operations: [APIOperation]

    /// Opens the stores (applying migrations) and builds the server; `start()` begins listening.
    /// `extraRoutes` adds routes after the built-in ones (benchmarks and embedding hosts).
    public init(configuration: GatehouseConfiguration, log: @escaping LogWriter = LogLine.standardOutput,
                extraRoutes: (inout RouteTable) -> Void = { _ in }) throws {
        self.configuration = configuration
        stores = try Stores.open(configuration)
        let hashing = WorkerPool(name: "hashing", threads: configuration.hashingThreads, queueLimit: configuration.hashingQueueLimit)
        self.hashing = hashing
        let metrics = Metrics()
        metrics.addGauge("gatehouse_hashing_pool_queue_depth", help: "Hashing jobs waiting for a thread.") {
            Double(hashing.queueDepth)
        }
        var table = RouteTable()
        let operations = Self.documentedOperations
        SystemRoutes.register(in: &table, metrics: metrics, checks: stores.readinessChecks) {
            OpenAPIDocument.render(operations, version: Gatehouse.version)
        }
        extraRoutes(&table)
        self.operations = table.operations
        server = HTTPServer(configuration: configuration.http, router: table.router, metrics: metrics, log: log)
    }

    /// Every operation the server registers, without opening anything (for `gatehouse openapi`).
    public static var documentedOperations: [APIOperation] {
        var table = RouteTable()
        SystemRoutes.register(in: &table, metrics: Metrics(), checks: []) { "" }
        return table.operations
    }

    /// The OpenAPI document of every route.
    public static var openAPIDocument: String {
        OpenAPIDocument.render(documentedOperations, version: version)
    }

    /// Starts listening.
    public func start() throws {
        try server.start()
    }

    /// Stops accepting requests, finishes those in flight, and closes the stores.
    public func shutdown() {
        server.shutdown()
        hashing.shutdown()
        stores.close()
    }
}
