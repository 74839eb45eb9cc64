import Foundation

/// One documented operation of the HTTP API.
public struct APIOperation: Sendable {
    /// The HTTP method, upper case.
    public let method: String
    /// The route pattern, with `{name}` path parameters.
    public let path: String
    /// A one-line summary.
    public let summary: String
    /// A tag grouping related operations.
    public let tag: String
    /// Responses by status code: a description and an optional content type.
    public let responses: [(status: Int, description: String, contentType: String?)]

    /// An operation description.
    public init(_ method: String, _ path: String, summary: String, tag: String,
                responses: [(status: Int, description: String, contentType: String?)]) {
        self.method = method
        self.path = path
        self.summary = summary
        self.tag = tag
        self.responses = responses
    }
}

/// Builds the OpenAPI 3.1 document from the operations the server registers, so the
/// document served at `/openapi.json` and kept in `Docs/openapi.json` cannot drift from the routes.
public enum OpenAPIDocument {
    /// The document as pretty-printed JSON with sorted keys (stable, diff-friendly).
    public static func render(_ operations: [APIOperation], version: String) -> String {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            var responses: [String: Any] = [:]
            for response in operation.responses {
                var entry: [String: Any] = ["description": response.description]
                if let type = response.contentType {
                    entry["content"] = [type: type == "application/problem+json"
                        ? ["schema": ["$ref": "#/components/schemas/Problem"]] : [String: Any]()]
                }
                responses[String(response.status)] = entry
            }
            var entry: [String: Any] = [
                "summary": operation.summary,
                "tags": [operation.tag],
                "operationId": operationID(operation),
                "responses": responses,
            ]
            let parameters = pathParameters(operation.path)
            if !parameters.isEmpty {
                entry["parameters"] = parameters.map { ["name": $0, "in": "path", "required": true, "schema": ["type": "string"]] }
            }
            paths[operation.path, default: [:]][operation.method.lowercased()] = entry
        }
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": [
                "title": "Gatehouse",
                "version": version,
                "description": "Identity provider for a multi-tenant healthcare revenue-cycle platform. "
                    + "Errors on /api/* are RFC 9457 problem documents; /api/* is rate limited per client address.",
            ],
            "paths": paths,
            "components": [
                "schemas": [
                    "Problem": [
                        "type": "object",
                        "description": "RFC 9457 problem details, with a stable `code` and the request id.",
                        "required": ["type", "title", "status", "code", "request_id"],
                        "properties": [
                            "type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"],
                            "detail": ["type": "string"], "code": ["type": "string"], "request_id": ["type": "string"],
                        ],
                    ],
                ],
            ],
        ]
        let data = try! JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }

    private static func operationID(_ operation: APIOperation) -> String {
        let words = operation.path.split(separator: "/").map { part in
            part.hasPrefix("{") ? "By" + part.dropFirst().dropLast().capitalized : part.replacingOccurrences(of: ".", with: "").capitalized
        }
        return operation.method.lowercased() + words.joined().replacingOccurrences(of: "-", with: "")
    }
}
