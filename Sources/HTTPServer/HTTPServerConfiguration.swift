/// How the HTTP server listens, bounds its work and limits clients.
public struct HTTPServerConfiguration: Sendable {
    /// IPv4 address to bind.
    public var host = "127.0.0.1"
    /// TCP port; 0 picks a free one (see `HTTPServer.port`).
    public var port: UInt16 = 8080
    /// libmicrohttpd threads that accept and parse connections.
    public var listenerThreads = 2
    /// Threads that run handlers (they block on storage and hashing).
    public var workerThreads = 32
    /// Requests that may wait for a worker before new ones get 503.
    public var workerQueueLimit = 1024
    /// Largest accepted request body; larger ones get 413. A chunked body (no Content-Length) that passes it is
    /// discarded for up to as many bytes again (at least 64 KiB) to answer 413; beyond that the connection is dropped.
    public var maxBodyBytes = 256 * 1024
    /// Largest total size of request header fields; larger gets 431.
    public var maxHeaderBytes = 16 * 1024
    /// Most request header fields; more gets 431.
    public var maxHeaderCount = 100
    /// Seconds an idle connection is kept open.
    public var connectionTimeoutSeconds = 30
    /// Simultaneous connections from one address (socket peer).
    public var perIPConnectionLimit = 256
    /// Simultaneous connections in all.
    public var connectionLimit = 4096
    /// Requests per minute per client address on `/api/*`.
    public var rateLimitPerMinute = 1000
    /// Client addresses the rate limiter tracks at once.
    public var rateLimitMaxClients = 100_000
    /// Proxies whose `X-Forwarded-For` is believed.
    public var trustedProxies: [CIDR] = []

    /// The defaults described on each property.
    public init() {}
}
