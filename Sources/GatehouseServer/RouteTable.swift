import HTTPServer

/// Routes together with their API documentation: a route cannot be added without its operation.
public struct RouteTable: Sendable {
    /// The router handed to the HTTP server.
    public private(set) var router = Router()
    /// The documented operations, in registration order.
    public private(set) var operations: [APIOperation] = []

    /// An empty table.
    public init() {}

    /// Registers a documented route.
    public mutating func add(_ operation: APIOperation, execution: Execution = .worker, _ handler: @escaping Handler) {
        router.add(operation.method, operation.path, execution: execution, handler)
        operations.append(operation)
    }
}
