/// Answers one request.
public typealias Handler = @Sendable (Request) throws -> Response

/// Where a route's handler runs.
public enum Execution: Sendable {
    /// On the worker pool: the default, for anything that may block (storage, hashing, I/O).
    case worker
    /// On libmicrohttpd's own thread: only for handlers that never block (health, metrics).
    case inline
}

/// One route: a method, a pattern such as `/api/v1/realms/{realm}/login`, and its handler.
public struct Route: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    /// The method it answers.
    public let method: String
    /// The pattern, as written at registration.
    public let pattern: String
    /// Where the handler runs.
    public let execution: Execution
    let segments: [Segment]
    let handler: Handler
}

/// Maps method + path to a route; built at start-up, immutable afterwards.
public struct Router: Sendable {
    /// The result of matching a request.
    public enum Match: Sendable {
        case found(Route, parameters: [String: String])
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    /// Every route, in registration order.
    public private(set) var routes: [Route] = []

    /// An empty router.
    public init() {}

    /// Registers a handler; registering the same method and pattern twice is a programming error.
    public mutating func add(_ method: String, _ pattern: String, execution: Execution = .worker, _ handler: @escaping Handler) {
        let segments: [Route.Segment] = pattern.split(separator: "/").map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") { return .parameter(String(part.dropFirst().dropLast())) }
            return .literal(String(part))
        }
        let method = method.uppercased()
        precondition(!routes.contains { $0.method == method && $0.segments == segments },
                     "route \(method) \(pattern) registered twice")
        routes.append(Route(method: method, pattern: pattern, execution: execution, segments: segments, handler: handler))
    }

    /// Finds the route for a method and decoded path segments. `HEAD` is answered by the `GET` route.
    public func match(method: String, segments: [String]) -> Match {
        var allowed: [String] = []
        for route in routes {
            guard let parameters = Self.bind(route.segments, to: segments) else { continue }
            if route.method == method || (method == "HEAD" && route.method == "GET") {
                return .found(route, parameters: parameters)
            }
            allowed.append(route.method)
            if route.method == "GET" { allowed.append("HEAD") }
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }

    private static func bind(_ pattern: [Route.Segment], to segments: [String]) -> [String: String]? {
        guard pattern.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (part, segment) in zip(pattern, segments) {
            switch part {
            case .literal(let literal) where literal == segment: continue
            case .literal: return nil
            case .parameter(let name): parameters[name] = segment
            }
        }
        return parameters
    }
}
