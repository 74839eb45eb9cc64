/// An error a handler throws to answer with a problem document (RFC 9457).
///
/// `detail` is shown to the client: it must never contain a secret, a submitted value,
/// a header or a body.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    /// The response status.
    public let status: HTTPStatus
    /// A stable machine-readable code (snake_case), sent as the problem's `code` member.
    public let code: String
    /// A human-readable explanation for this occurrence.
    public let detail: String?
    /// Extra response headers (e.g. `Allow`, `Retry-After`).
    public let headers: HTTPHeaders

    /// An error with a status, a stable code (default: derived from the status) and an optional detail.
    public init(_ status: HTTPStatus, code: String? = nil, detail: String? = nil, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.code = code ?? Self.defaultCode(status)
        self.detail = detail
        self.headers = headers
    }

    public var description: String { "HTTP \(status.code) \(code)" }

    private static func defaultCode(_ status: HTTPStatus) -> String {
        status.reason.lowercased().split(separator: " ").joined(separator: "_")
    }
}
