import Foundation
import GatehouseTestSupport
@testable import HTTPServer
import Testing

@Suite("Routing and problem documents")
struct RoutingTests {
    static func server() throws -> TestServer {
        try TestServer { router in
            router.add("GET", "/api/v1/realms/{realm}/users/{id}") { request in
                .text("\(try request.parameter("realm"))/\(try request.parameter("id"))")
            }
            router.add("DELETE", "/api/v1/realms/{realm}/users/{id}") { _ in Response(status: .noContent) }
            router.add("POST", "/api/v1/echo") { request in
                struct Body: Codable { let name: String }
                return try .json(try request.decodeJSON(Body.self))
            }
            router.add("GET", "/healthz", execution: .inline) { _ in .text("ok") }
            router.add("GET", "/boom") { _ in
                struct Secret: Error { let password = "hunter2" }
                throw Secret()
            }
        }
    }

    @Test func pathParametersAreDecodedPerSegment() throws {
        let server = try Self.server()
        let response = try server.get("/api/v1/realms/acme/users/j%C3%BCrgen%20k")
        #expect(response.status == 200)
        #expect(response.text == "acme/jürgen k")
    }

    @Test func unknownRouteIsAProblemDocument() throws {
        let server = try Self.server()
        let response = try server.get("/api/v1/nothing-here", headers: [("X-Request-Id", "trace-123")])
        #expect(response.status == 404)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response.json["status"] as? Int == 404)
        #expect(response.json["title"] as? String == "Not Found")
        #expect(response.json["request_id"] as? String == "trace-123")
        #expect(response.header("X-Request-Id") == "trace-123")
    }

    @Test func wrongMethodListsAllowedMethods() throws {
        let server = try Self.server()
        let response = try HTTPTestClient.request(port: server.port, method: "PUT", target: "/api/v1/realms/a/users/b")
        #expect(response.status == 405)
        #expect(response.header("Allow") == "GET, HEAD, DELETE")
        #expect(response.header("Content-Type") == "application/problem+json")
    }

    @Test func headIsAnsweredByGetWithoutBody() throws {
        let server = try Self.server()
        let response = try HTTPTestClient.request(port: server.port, method: "HEAD", target: "/healthz")
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
    }

    @Test func requestIdIsGeneratedWhenAbsentOrUnacceptable() throws {
        let server = try Self.server()
        let generated = try server.get("/healthz")
        #expect(generated.header("X-Request-Id")?.count == 32)
        let refused = try server.get("/healthz", headers: [("X-Request-Id", "has spaces and {braces}")])
        #expect(refused.header("X-Request-Id") != "has spaces and {braces}")
        #expect(refused.header("X-Request-Id")?.count == 32)
    }

    @Test func securityHeadersOnEveryResponse() throws {
        let server = try Self.server()
        for target in ["/healthz", "/api/v1/realms/a/users/b", "/missing"] {
            let response = try server.get(target)
            #expect(response.header("X-Content-Type-Options") == "nosniff")
            #expect(response.header("Cache-Control") == "no-store")
            #expect(response.header("X-Frame-Options") == "DENY")
        }
    }

    @Test func unexpectedErrorSaysOnlyInternalErrorAndRequestId() throws {
        let server = try Self.server()
        let response = try server.get("/boom", headers: [("X-Request-Id", "boom-1")])
        #expect(response.status == 500)
        #expect(response.json["detail"] as? String == "internal error")
        #expect(response.json["request_id"] as? String == "boom-1")
        #expect(!response.text.contains("hunter2"))
        #expect(!server.logLines.joined().contains("hunter2"))
    }

    @Test func jsonBodyRoundTrip() throws {
        let server = try Self.server()
        let response = try server.post("/api/v1/echo", body: #"{"name":"Zoë"}"#)
        #expect(response.status == 200)
        #expect(response.json["name"] as? String == "Zoë")
    }

    @Test(arguments: [
        (#"{"name": "#, "application/json", 400, "malformed_json"),
        (#"{"other":1}"#, "application/json", 400, "malformed_json"),
        (#"{"name":"x"}"#, "text/plain", 415, "unsupported_media_type"),
    ])
    func badJsonBodies(body: String, contentType: String, status: Int, code: String) throws {
        let server = try Self.server()
        let response = try server.post("/api/v1/echo", body: body, contentType: contentType)
        #expect(response.status == status)
        #expect(response.json["code"] as? String == code)
        #expect(response.header("Content-Type") == "application/problem+json")
    }

    @Test func invalidUTF8BodyIsRefused() throws {
        let server = try Self.server()
        let response = try HTTPTestClient.request(port: server.port, method: "POST", target: "/api/v1/echo",
                                                  headers: [("Content-Type", "application/json")],
                                                  body: Array(#"{"name":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8))
        #expect(response.status == 400)
        #expect(response.json["code"] as? String == "invalid_utf8")
    }

    @Test(arguments: ["/api/v1/realms/../users/x", "/api/v1/realms/%2e%2e/users/x", "/api/v1/realms/a%00b/users/x",
                      "/api/v1/realms/%ff/users/x", "/api/v1/realms/a%2Fb/users/x", "/api/v1/realms/%zz/users/x"])
    func hostileTargetsAreRefused(target: String) throws {
        let server = try Self.server()
        let response = try server.get(target)
        #expect(response.status == 400)
        #expect(response.json["code"] as? String == "invalid_target")
        #expect(response.header("Content-Type") == "application/problem+json")
    }

    @Test func routerUnitMatching() {
        var router = Router()
        router.add("GET", "/a/{x}") { _ in Response() }
        router.add("POST", "/a/b") { _ in Response() }
        if case .found(let route, let parameters) = router.match(method: "GET", segments: ["a", "b"]) {
            #expect(route.pattern == "/a/{x}")
            #expect(parameters == ["x": "b"])
        } else {
            Issue.record("GET /a/b should match /a/{x}")
        }
        if case .methodNotAllowed(let allowed) = router.match(method: "PUT", segments: ["a", "b"]) {
            #expect(allowed == ["GET", "HEAD", "POST"])
        } else {
            Issue.record("PUT /a/b should be 405")
        }
        if case .notFound = router.match(method: "GET", segments: ["a"]) {} else { Issue.record("GET /a should be 404") }
    }
}

@Suite("Headers, log lines and metrics labels")
struct HeaderAndMetricsTests {
    @Test func headerNamesAreCaseInsensitive() {
        var headers = HTTPHeaders([("Content-Type", "a"), ("x-forwarded-for", "1.2.3.4"), ("X-Forwarded-For", "5.6.7.8")])
        #expect(headers["content-type"] == "a")
        #expect(headers["CONTENT-TYPE"] == "a")
        #expect(headers["Content-Typf"] == nil)
        #expect(headers.values("X-FORWARDED-FOR") == ["1.2.3.4", "5.6.7.8"])
        headers.set("X-Forwarded-For", "9.9.9.9")
        #expect(headers.values("x-forwarded-for") == ["9.9.9.9"])
        // Bit 0x20 only folds letters: "[" (0x5B) is not "{" (0x7B).
        #expect(HTTPHeaders([("a[", "x")])["a{"] == nil)
    }

    @Test func logLinesAreJSONWithEscapes() throws {
        let line = LogLine.json(["event": "x", "text": .string("quote \" backslash \\ newline \n tab \t bell \u{07}"), "n": 3])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["text"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{07}")
        #expect(object["n"] as? Int == 3)
        #expect(!line.contains("\n"))
    }

    @Test func unknownMethodsShareOneMetricsLabel() {
        let metrics = Metrics()
        for index in 0..<50 { metrics.recordRequest(method: "M\(index)", route: "unmatched", status: 400, seconds: 0.001) }
        metrics.recordRequest(method: "GET", route: "/healthz", status: 200, seconds: 0.002)
        let text = metrics.render()
        #expect(text.contains(#"gatehouse_http_requests_total{method="OTHER",route="unmatched",status="400"} 50"#))
        #expect(!text.contains(#"method="M1""#))
        #expect(text.contains(#"gatehouse_http_request_duration_seconds_bucket{route="/healthz",le="0.0025"} 1"#))
        #expect(text.contains(#"gatehouse_http_request_duration_seconds_bucket{route="/healthz",le="0.001"} 0"#))
    }
}
