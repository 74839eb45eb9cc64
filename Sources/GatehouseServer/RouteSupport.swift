import AuthCore
import Foundation
import HTTPServer
import JOSE

/// What every authentication route needs: error mapping, bearer tokens, bodies, client info.
enum RouteSupport {
    static let problemJSON = "application/problem+json"

    /// Runs `body`, turning `AuthError`s into HTTP problems.
    static func guarded(_ body: @escaping @Sendable (Request) throws -> Response) -> Handler {
        { request in
            do {
                return try body(request)
            } catch let error as AuthError {
                throw httpError(error)
            }
        }
    }

    /// The HTTP face of an AuthCore refusal; messages stay generic where detail would help an attacker.
    static func httpError(_ error: AuthError) -> HTTPError {
        let code = error.code.description
        switch error.code {
        case .unknownRealm: return HTTPError(.notFound, code: code, detail: "No such realm.")
        case .invalidCredentials: return HTTPError(.unauthorized, code: code, detail: error.reason)  // one generic sentence per stage
        case .throttled:
            return HTTPError(.tooManyRequests, code: code, detail: "Too many failed sign-ins; retry later.",
                             headers: HTTPHeaders([("Retry-After", String(error.seconds ?? 60))]))
        case .flowNotFound, .notFound: return HTTPError(.notFound, code: code, detail: error.reason)
        case .flowExpired: return HTTPError(HTTPStatus(410, "Gone"), code: code, detail: error.reason)
        case .tooManyAttempts: return HTTPError(.unauthorized, code: code, detail: error.reason)
        case .factorNotAllowed, .forbidden: return HTTPError(.forbidden, code: code, detail: error.reason)
        case .noPendingChallenge, .lastFactor, .conflict, .enrollmentRequired: return HTTPError(.conflict, code: code, detail: error.reason)
        case .invalidInput: return HTTPError(.badRequest, code: code, detail: error.reason)
        case .invalidToken:
            return HTTPError(.unauthorized, code: code, detail: "The access token is missing, invalid or expired.",
                             headers: HTTPHeaders([("WWW-Authenticate", #"Bearer error="invalid_token""#)]))
        case .insufficientAuthentication:
            let maxAge = error.seconds ?? 300
            let challenge = #"Bearer error="insufficient_user_authentication", error_description="A fresh second factor is required", max_age=\#(maxAge)"#
            return HTTPError(.unauthorized, code: code, detail: error.reason, headers: HTTPHeaders([("WWW-Authenticate", challenge)]))
        default: return HTTPError(.serviceUnavailable, code: code, detail: error.reason)
        }
    }

    /// The bearer token of `Authorization: Bearer …`, or `.invalidToken`.
    static func bearer(_ request: Request) throws -> String {
        guard let header = request.headers["Authorization"], header.count > 7,
              header.prefix(7).lowercased() == "bearer " else {
            throw AuthError(.invalidToken, "a bearer token is required")
        }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    static func client(_ request: Request) -> ClientInfo {
        ClientInfo(address: request.clientAddress, requestID: request.requestID)
    }

    /// A JSON body as a `JSONValue` (an empty body is `{}`); malformed JSON is a 400 without echo.
    static func jsonBody(_ request: Request) throws -> JSONValue {
        guard !request.body.isEmpty else { return .emptyObject }
        let contentType = request.headers["Content-Type"]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard contentType == "application/json" || contentType?.hasSuffix("+json") == true else {
            throw HTTPError(.unsupportedMediaType, detail: "The body must be application/json.")
        }
        do {
            return try JSONValue(parsing: request.body)
        } catch {
            throw HTTPError(.badRequest, code: "malformed_json", detail: "The body is not valid JSON.")
        }
    }

    /// A JSON response of a `JSONValue`.
    static func json(_ value: JSONValue, status: HTTPStatus = .ok) -> Response {
        Response(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: Array(value.jsonText.utf8))
    }

    /// `application/x-www-form-urlencoded` fields (OAuth endpoints).
    static func form(_ request: Request) throws -> [String: String] {
        let contentType = request.headers["Content-Type"]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard contentType == "application/x-www-form-urlencoded" else {
            throw OAuthError(status: .badRequest, error: "invalid_request", description: "the body must be application/x-www-form-urlencoded")
        }
        guard let text = String(validating: request.body, as: UTF8.self) else {
            throw OAuthError(status: .badRequest, error: "invalid_request", description: "the body is not UTF-8")
        }
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String? {
                part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else {
                throw OAuthError(status: .badRequest, error: "invalid_request", description: "the body is not valid form encoding")
            }
            guard fields[name] == nil else {
                throw OAuthError(status: .badRequest, error: "invalid_request", description: "a parameter is repeated")
            }
            fields[name] = value
        }
        return fields
    }
}

/// An RFC 6749 §5.2 error response, as OAuth endpoints answer.
struct OAuthError: Error {
    let status: HTTPStatus
    let error: String
    let description: String

    var response: Response {
        var response = RouteSupport.json(.object(["error": .string(error), "error_description": .string(description)]), status: status)
        response.headers.set("Cache-Control", "no-store")
        if error == "invalid_client" {
            response.headers.set("WWW-Authenticate", #"Basic realm="gatehouse""#)  // RFC 6749 §5.2: the scheme the client must use
        } else if status.code == 401 {
            response.headers.set("WWW-Authenticate", #"Bearer error="\#(error)""#)
        }
        return response
    }
}
