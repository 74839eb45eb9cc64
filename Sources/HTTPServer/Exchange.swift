import CMicroHTTPD

/// One request's state from its first byte to its completion.
///
/// `@unchecked Sendable`: libmicrohttpd calls back for one connection from one thread at a
/// time; while a worker handles the request the connection is suspended, so exactly one
/// thread touches an exchange at any moment, and suspend/resume order the hand-overs.
final class Exchange: @unchecked Sendable {
    enum Phase {
        case new, receiving, handling, done
    }

    let rawTarget: [UInt8]
    let startedAt: Double
    var phase = Phase.new
    var method = ""
    var headers = HTTPHeaders()
    var headerBytes = 0
    var peer = ""
    var body: [UInt8] = []
    var bodyTooLarge = false
    /// Bytes of an oversize body received past the cap so far (all thrown away).
    var discardedBytes = 0
    /// Counted by the server as handed to a worker until it completes (shutdown waits for it).
    var handedOff = false
    /// The response a worker produced, waiting for the connection to resume.
    var pending: Response?
    var requestID = ""
    var client = ""
    /// The matched route's pattern; the access log and metrics never see the raw path.
    var route = "unmatched"
    /// Rate-limit headers for `/api/*` responses.
    var limitHeaders = HTTPHeaders()
    /// Set when the response is queued: what the access log and metrics report.
    var answered: (status: Int, bytes: Int, seconds: Double)?

    init(rawTarget: [UInt8], startedAt: Double) {
        self.rawTarget = rawTarget
        self.startedAt = startedAt
    }
}

/// A libmicrohttpd connection handle that may cross to a worker thread.
/// `@unchecked Sendable`: the handle is only used to resume the connection, which libmicrohttpd allows from any thread.
struct ConnectionHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
