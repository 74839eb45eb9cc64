import CMicroHTTPD
import Workers

// The steps between a complete request and its queued response: limits, rate limit,
// routing, the handler (inline or on a worker), and the headers every response carries.
extension HTTPServer {
    /// Refusals decided from the headers alone, before any body is read.
    func earlyRefusal(_ exchange: Exchange) -> HTTPError? {
        if exchange.headers.count > configuration.maxHeaderCount || exchange.headerBytes > configuration.maxHeaderBytes {
            return HTTPError(.headerFieldsTooLarge, detail: "The request's header fields are too large.")
        }
        if let length = exchange.headers["Content-Length"], let bytes = Int(length), bytes > configuration.maxBodyBytes {
            return HTTPError(.payloadTooLarge, detail: "The body exceeds \(configuration.maxBodyBytes) bytes.")
        }
        return nil
    }

    /// Routes a fully received request and answers it, or hands it to a worker.
    func dispatch(_ exchange: Exchange, connection: OpaquePointer) -> Bool {
        exchange.phase = .done
        if isDraining {
            return queue(problem(shuttingDown(), exchange), on: connection, exchange: exchange)
        }
        if exchange.bodyTooLarge {
            return queue(problem(HTTPError(.payloadTooLarge, detail: "The body exceeds \(configuration.maxBodyBytes) bytes."), exchange),
                         on: connection, exchange: exchange)
        }
        let target: RequestTarget
        do {
            target = try RequestTarget.parse(exchange.rawTarget)
        } catch {
            return queue(problem(HTTPError(.badRequest, code: "invalid_target", detail: error.detail), exchange),
                         on: connection, exchange: exchange)
        }
        if target.path == "/api" || target.path.hasPrefix("/api/") {
            let decision = rateLimiter.check(IPAddress(exchange.client)?.rateLimitKey ?? exchange.client)
            exchange.limitHeaders = HTTPHeaders([
                ("RateLimit-Limit", String(decision.limit)),
                ("RateLimit-Remaining", String(decision.remaining)),
                ("RateLimit-Reset", String(decision.resetSeconds)),
            ])
            if !decision.allowed {
                metrics.recordRateLimited()
                let error = HTTPError(.tooManyRequests, code: "rate_limited",
                                      detail: "At most \(decision.limit) requests per minute are allowed.",
                                      headers: HTTPHeaders([("Retry-After", String(decision.resetSeconds))]))
                return queue(problem(error, exchange), on: connection, exchange: exchange)
            }
        }
        var request = Request(method: exchange.method, path: target.path, query: target.query, headers: exchange.headers,
                              body: exchange.body, clientAddress: exchange.client, requestID: exchange.requestID)
        request.segments = target.segments
        switch router.match(method: exchange.method, segments: target.segments) {
        case .notFound:
            return queue(problem(HTTPError(.notFound, detail: "No such resource."), exchange), on: connection, exchange: exchange)
        case .methodNotAllowed(let allowed):
            let error = HTTPError(.methodNotAllowed, detail: "This resource does not answer \(exchange.method).",
                                  headers: HTTPHeaders([("Allow", allowed.joined(separator: ", "))]))
            return queue(problem(error, exchange), on: connection, exchange: exchange)
        case .found(let route, let parameters):
            request.parameters = parameters
            request.route = route.pattern
            exchange.route = route.pattern
            if route.execution == .inline {
                return queue(run(route.handler, request), on: connection, exchange: exchange)
            }
            guard beginHandOff(exchange) else {
                return queue(problem(shuttingDown(), exchange), on: connection, exchange: exchange)
            }
            exchange.phase = .handling
            MHD_suspend_connection(connection)
            let handle = ConnectionHandle(pointer: connection)
            let request = request
            let accepted = workers.submit { [self] in
                exchange.pending = run(route.handler, request)
                MHD_resume_connection(handle.pointer)
            }
            if !accepted {
                exchange.pending = problem(busy(), exchange)
                MHD_resume_connection(connection)
            }
            return true
        }
    }

    /// Runs a handler, turning every error into a problem document.
    func run(_ handler: Handler, _ request: Request) -> Response {
        do {
            return try handler(request)
        } catch let error as HTTPError {
            return .problem(error, requestID: request.requestID)
        } catch is WorkerPoolError {
            return .problem(busy(), requestID: request.requestID)
        } catch {
            // Only the error's type is logged: descriptions are not trusted to be free of secrets.
            log(LogLine.json(["event": "http.handler_error", "request_id": .string(request.requestID),
                              "route": .string(request.route ?? "unmatched"), "error_type": .string("\(type(of: error))")]))
            return .problem(HTTPError(.internalServerError, code: "internal_error", detail: "internal error"),
                            requestID: request.requestID)
        }
    }

    func problem(_ error: HTTPError, _ exchange: Exchange) -> Response {
        .problem(error, requestID: exchange.requestID)
    }

    private func busy() -> HTTPError {
        HTTPError(.serviceUnavailable, code: "busy", detail: "The server is busy; retry shortly.",
                  headers: HTTPHeaders([("Retry-After", "1")]))
    }

    private func shuttingDown() -> HTTPError {
        HTTPError(.serviceUnavailable, code: "shutting_down", detail: "The server is shutting down; retry on a new connection.",
                  headers: HTTPHeaders([("Connection", "close")]))
    }

    /// Adds the headers every response carries and hands the response to libmicrohttpd.
    func queue(_ response: Response, on connection: OpaquePointer, exchange: Exchange) -> Bool {
        var headers = response.headers
        headers.set("X-Request-Id", exchange.requestID)
        headers.set("X-Content-Type-Options", "nosniff")
        for (name, value) in [("Cache-Control", "no-store"), ("X-Frame-Options", "DENY"), ("Referrer-Policy", "no-referrer")]
        where !headers.contains(name) {
            headers.add(name, value)
        }
        for (name, value) in exchange.limitHeaders { headers.set(name, value) }
        let body = response.body
        let mhdResponse = body.withUnsafeBytes { raw in
            MHD_create_response_from_buffer(raw.count, UnsafeMutableRawPointer(mutating: raw.baseAddress), .RESPMEM_MUST_COPY)
        }
        guard let mhdResponse else { return false }
        defer { MHD_destroy_response(mhdResponse) }
        for (name, value) in headers {
            _ = MHD_add_response_header(mhdResponse, name, value)
        }
        exchange.phase = .done
        exchange.answered = (response.status.code, body.count, RateLimiter.monotonicSeconds() - exchange.startedAt)
        return MHD_queue_response(connection, UInt32(response.status.code), mhdResponse) == .YES
    }
}
