import CMicroHTTPD
import CShims
import Glibc
import Synchronization
import Workers

/// An HTTP/1.1 server on libmicrohttpd: routes, limits, problem documents, access log and metrics.
///
/// libmicrohttpd parses requests on its own threads. A handler that may block runs on the
/// bounded worker pool while its connection is suspended, so a slow handler never stalls
/// other connections.
public final class HTTPServer: @unchecked Sendable {
    // @unchecked: `daemon` is written in start() and shutdown(), which callers do not run
    // concurrently with each other; everything else is immutable or synchronised itself.
    /// The configuration it was started with.
    public let configuration: HTTPServerConfiguration
    /// The request metrics, also served by whichever route the composition root gives them.
    public let metrics: Metrics
    /// The pool that runs handlers.
    public let workers: WorkerPool
    let router: Router
    /// Every route the server answers.
    public var routes: [Route] { router.routes }
    let rateLimiter: RateLimiter
    let clientResolver: ClientAddressResolver
    let log: LogWriter
    private var daemon: OpaquePointer?
    private let inFlight = Atomic<Int>(0)
    /// Whether shutdown has begun, and how many requests were handed to a worker and are not yet completed (every
    /// suspended connection is among them). One lock for both: a request is only suspended while not draining,
    /// so once shutdown has set `draining` the count can only fall.
    private let suspension = Mutex<(draining: Bool, handedOff: Int)>((false, 0))

    /// A server for a router; call `start()` to listen.
    public init(configuration: HTTPServerConfiguration, router: Router, metrics: Metrics = Metrics(),
                log: @escaping LogWriter = LogLine.standardOutput) {
        self.configuration = configuration
        self.router = router
        self.metrics = metrics
        self.log = log
        self.workers = WorkerPool(name: "http-worker", threads: configuration.workerThreads,
                                  queueLimit: configuration.workerQueueLimit)
        self.rateLimiter = RateLimiter(limit: configuration.rateLimitPerMinute, windowSeconds: 60,
                                       maxClients: configuration.rateLimitMaxClients)
        self.clientResolver = ClientAddressResolver(trustedProxies: configuration.trustedProxies)
        let workers = self.workers
        metrics.addGauge("gatehouse_worker_pool_queue_depth", help: "Requests waiting for a worker thread.") {
            Double(workers.queueDepth)
        }
        metrics.addGauge("gatehouse_worker_pool_busy", help: "Worker threads running a handler.") {
            Double(workers.busyThreads)
        }
    }

    /// Requests received and not yet completed.
    public var requestsInFlight: Int { inFlight.load(ordering: .relaxed) }

    /// The port the server listens on (useful after starting on port 0).
    public var port: UInt16 {
        daemon.map { gh_mhd_bound_port($0) } ?? 0
    }

    /// Whether shutdown has begun: new requests are then answered 503 `shutting_down`.
    var isDraining: Bool { suspension.withLock { $0.draining } }

    /// Starts listening; throws when the address cannot be bound.
    public func start() throws(HTTPServerError) {
        precondition(daemon == nil, "server already started")
        // libmicrohttpd holds this pointer until MHD_stop_daemon returns; shutdown() releases it.
        let retained = Unmanaged.passRetained(self)
        let context = retained.toOpaque()
        let flags = MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_EPOLL.rawValue
            | MHD_ALLOW_SUSPEND_RESUME.rawValue
        let started: OpaquePointer? = configuration.host.withCString { host in
            var options = gh_mhd_options()
            options.flags = flags
            options.port = configuration.port
            options.bind_ipv4 = host
            options.thread_pool_size = UInt32(configuration.listenerThreads)
            options.connection_timeout_seconds = UInt32(configuration.connectionTimeoutSeconds)
            options.connection_limit = UInt32(configuration.connectionLimit)
            options.per_ip_connection_limit = UInt32(configuration.perIPConnectionLimit)
            options.connection_memory_limit = max(32 * 1024, configuration.maxHeaderBytes * 2)
            options.listen_backlog = 1024
            options.access_handler = gatehouseAccess
            options.access_context = context
            options.completed_handler = gatehouseRequestCompleted
            options.completed_context = context
            options.uri_handler = gatehouseRequestStarted
            options.uri_context = context
            return gh_mhd_start(&options)
        }
        guard let started else {
            retained.release()
            throw HTTPServerError(reason: "cannot listen on \(configuration.host):\(configuration.port)")
        }
        daemon = started
    }

    /// Stops accepting connections, lets requests on the worker pool finish, then stops.
    ///
    /// From the moment it begins, a new request (say, the next one on a keep-alive connection) is answered
    /// 503 `shutting_down` with `Connection: close` and never suspended; the server waits only for requests
    /// already handed to the worker pool until their responses are sent (MHD_stop_daemon panics on a suspended
    /// connection, and one merely flagged as resuming would be closed without its response), then closes every
    /// other connection, including ones still sending their headers. A client that never reads its response is
    /// cut off by the connection timeout.
    public func shutdown() {
        guard let daemon else { return }
        let listener = MHD_quiesce_daemon(daemon)
        // Refuse new connections now; the descriptor itself is closed only after MHD_stop_daemon (see its header).
        if listener >= 0 { Glibc.shutdown(listener, Int32(SHUT_RDWR)) }
        suspension.withLock { $0.draining = true }
        while suspension.withLock({ $0.handedOff }) > 0 { usleep(5_000) }
        MHD_stop_daemon(daemon)
        if listener >= 0 { close(listener) }
        self.daemon = nil
        Unmanaged.passUnretained(self).release()
        workers.shutdown()
    }

    /// Counts one more request handed to a worker unless shutdown has begun; false means "answer inline, do not
    /// suspend". A counted exchange is released in `complete(_:cleanly:)`.
    func beginHandOff(_ exchange: Exchange) -> Bool {
        suspension.withLock { state in
            if state.draining { return false }
            state.handedOff += 1
            exchange.handedOff = true
            return true
        }
    }

    // MARK: - Called from libmicrohttpd's threads (see MHDCallbacks.swift)

    func begin(rawTarget: [UInt8]) -> Exchange {
        inFlight.add(1, ordering: .relaxed)
        return Exchange(rawTarget: rawTarget, startedAt: RateLimiter.monotonicSeconds())
    }

    /// Returns false to have libmicrohttpd drop the connection.
    func access(_ exchange: Exchange, connection: OpaquePointer, method: String, chunk: UnsafeRawBufferPointer?) -> Bool {
        switch exchange.phase {
        case .new:
            exchange.method = method
            exchange.phase = .receiving
            let context = Unmanaged.passUnretained(exchange).toOpaque()
            MHD_get_connection_values(connection, .HEADER_KIND, gatehouseCollectHeader, context)
            var address = [CChar](repeating: 0, count: 64)
            if gh_mhd_client_address(connection, &address, address.count) == 0 {
                exchange.peer = String(cString: address)
            }
            exchange.requestID = RequestID.accept(exchange.headers["X-Request-Id"]) ?? RequestID.generate()
            exchange.client = clientResolver.resolve(peer: exchange.peer, forwardedFor: exchange.headers.values("X-Forwarded-For"))
            if let refusal = earlyRefusal(exchange) {
                exchange.phase = .done
                return queue(problem(refusal, exchange), on: connection, exchange: exchange)
            }
            return true
        case .receiving:
            if let chunk {
                if exchange.bodyTooLarge {
                    // libmicrohttpd (0.9.x) cannot queue a response mid-upload, so an oversize body without a
                    // Content-Length is read and discarded for a bounded stretch, to answer 413 at its end;
                    // past that the connection is dropped rather than read forever.
                    exchange.discardedBytes += chunk.count
                    return exchange.discardedBytes <= oversizeBodyGrace
                }
                if exchange.body.count + chunk.count > configuration.maxBodyBytes {
                    exchange.bodyTooLarge = true
                    exchange.discardedBytes = exchange.body.count + chunk.count - configuration.maxBodyBytes
                    exchange.body = []
                } else {
                    exchange.body.append(contentsOf: chunk)
                }
                return true
            }
            return dispatch(exchange, connection: connection)
        case .handling:
            guard let response = exchange.pending else { return true }
            exchange.pending = nil
            return queue(response, on: connection, exchange: exchange)
        case .done:
            return true
        }
    }

    /// How many bytes past `maxBodyBytes` an oversize chunked body may send before the connection is dropped.
    var oversizeBodyGrace: Int { max(configuration.maxBodyBytes, 64 * 1024) }

    func complete(_ exchange: Exchange, cleanly: Bool) {
        inFlight.subtract(1, ordering: .releasing)
        if exchange.handedOff { suspension.withLock { $0.handedOff -= 1 } }
        guard let answered = exchange.answered else { return }
        metrics.recordRequest(method: exchange.method, route: exchange.route, status: answered.status, seconds: answered.seconds)
        log(LogLine.json([
            "event": "http.request",
            "request_id": .string(exchange.requestID),
            "method": .string(exchange.method),
            "route": .string(exchange.route),
            "status": .int(answered.status),
            "client": .string(exchange.client),
            "bytes": .int(answered.bytes),
            "duration_ms": .double((answered.seconds * 1e6).rounded() / 1e3),
            "completed": cleanly ? "yes" : "aborted",
        ]))
    }
}

/// The server could not start.
public struct HTTPServerError: Error, CustomStringConvertible {
    /// Why.
    public let reason: String
    public var description: String { reason }
}
