import Foundation

/// One HTTP response.
public struct Response: Sendable {
    /// The status.
    public var status: HTTPStatus
    /// The header fields.
    public var headers: HTTPHeaders
    /// The body bytes.
    public var body: [UInt8]

    /// A response with a status, headers and body.
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response of an encodable value (keys sorted, so output is stable).
    public static func json<T: Encodable>(_ value: T, status: HTTPStatus = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(value)
        return Response(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: Array(body))
    }

    /// A plain-text response.
    public static func text(_ text: String, status: HTTPStatus = .ok, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, headers: HTTPHeaders([("Content-Type", contentType)]), body: Array(text.utf8))
    }

    /// An RFC 9457 problem document for an error, carrying the request id.
    public static func problem(_ error: HTTPError, requestID: String) -> Response {
        var members: [String: String] = [
            "type": "about:blank",
            "title": error.status.reason,
            "code": error.code,
            "request_id": requestID,
        ]
        if let detail = error.detail { members["detail"] = detail }
        var object = "{"
        for (index, key) in members.keys.sorted().enumerated() {
            if index > 0 { object += "," }
            object += JSONText.string(key) + ":" + JSONText.string(members[key]!)
        }
        object += ",\"status\":\(error.status.code)}"
        var headers = error.headers
        headers.set("Content-Type", "application/problem+json")
        return Response(status: error.status, headers: headers, body: Array(object.utf8))
    }
}
