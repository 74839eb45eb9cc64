import Foundation
import Synchronization

/// One HTTP request, as a handler sees it.
public struct Request: Sendable {
    /// The method, upper case (`GET`, `POST`, …).
    public let method: String
    /// The decoded path, always starting with `/`.
    public let path: String
    /// The decoded path segments (`/a/b` → `["a", "b"]`).
    public internal(set) var segments: [String]
    /// Decoded query parameters in order.
    public let query: [(name: String, value: String)]
    /// The header fields.
    public let headers: HTTPHeaders
    /// The body bytes (empty when there is none).
    public let body: [UInt8]
    /// The client's address: the socket peer, or the forwarded address when the peer is a trusted proxy.
    public let clientAddress: String
    /// The request id: the client's `X-Request-Id` when acceptable, else a generated one.
    public let requestID: String
    /// Values of the route's `{name}` path parameters.
    public internal(set) var parameters: [String: String] = [:]
    /// The matched route's pattern (for logs and metrics), or nil when none matched.
    public internal(set) var route: String?

    /// A request built directly (tests and in-process callers).
    public init(method: String, path: String, query: [(name: String, value: String)] = [], headers: HTTPHeaders = HTTPHeaders(),
                body: [UInt8] = [], clientAddress: String = "127.0.0.1", requestID: String = RequestID.generate()) {
        self.method = method
        self.path = path
        self.segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        self.query = query
        self.headers = headers
        self.body = body
        self.clientAddress = clientAddress
        self.requestID = requestID
    }

    /// The first query value named `name`.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// A path parameter; throws a 404 problem when absent (a route/handler mismatch).
    public func parameter(_ name: String) throws -> String {
        guard let value = parameters[name] else { throw HTTPError(.notFound) }
        return value
    }

    /// Decodes a JSON body; refuses a wrong content type (415) or malformed JSON (400) without echoing the body.
    public func decodeJSON<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        let contentType = headers["Content-Type"]?.split(separator: ";").first?
            .trimmingCharacters(in: .whitespaces).lowercased()
        guard contentType == "application/json" || contentType?.hasSuffix("+json") == true else {
            throw HTTPError(.unsupportedMediaType, detail: "The body must be application/json.")
        }
        guard String(validating: body, as: UTF8.self) != nil else {
            throw HTTPError(.badRequest, code: "invalid_utf8", detail: "The body is not valid UTF-8.")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch is DecodingError {
            throw HTTPError(.badRequest, code: "malformed_json", detail: "The body is not the JSON this endpoint expects.")
        }
    }
}

/// Request ids: accepted from clients when short and plain, generated otherwise.
public enum RequestID {
    /// A new id: this process's random 64-bit prefix and a counter, in hex (32 characters).
    /// Unique, not secret: ids are for correlating logs, and drawing fresh randomness per request costs a syscall.
    public static func generate() -> String {
        hex(processPrefix) + hex(counter.wrappingAdd(1, ordering: .relaxed).newValue)
    }

    private static let processPrefix: UInt64 = {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }()
    private static let counter = Atomic<UInt64>(0)

    /// The client's id when it is 1–64 characters of `[A-Za-z0-9._-]`, else nil.
    public static func accept(_ candidate: String?) -> String? {
        guard let candidate, (1...64).contains(candidate.utf8.count),
              candidate.utf8.allSatisfy({ isAllowed($0) }) else { return nil }
        return candidate
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
