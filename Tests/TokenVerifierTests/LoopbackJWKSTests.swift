import Foundation
import HTTPServer
import JOSE
import Synchronization
import Testing
import TokenVerifier

/// What the JWKS route serves, and how often it was asked.
final class JWKSContent: Sendable {
    let document: Mutex<String>
    let hits = Atomic<Int>(0)

    init(_ document: String) { self.document = Mutex(document) }
}

/// Serves one realm's JWKS at `/realms/acme/jwks` on a free loopback port.
final class JWKSServer: Sendable {
    let server: HTTPServer
    let content: JWKSContent

    init(document: String) throws {
        let content = JWKSContent(document)
        self.content = content
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.workerThreads = 2
        var router = Router()
        router.add("GET", "/realms/{realm}/jwks") { request in
            guard try request.parameter("realm") == "acme" else { return Response(status: .notFound) }
            content.hits.add(1, ordering: .relaxed)
            let body = content.document.withLock { $0 }
            return Response(status: .ok, headers: HTTPHeaders([("Content-Type", "application/jwk-set+json")]), body: Array(body.utf8))
        }
        server = HTTPServer(configuration: configuration, router: router, log: { _ in })
        try server.start()
    }

    var issuer: String { "http://127.0.0.1:\(server.port)/realms/acme" }
    var hits: Int { content.hits.load(ordering: .relaxed) }

    deinit { server.shutdown() }
}

@Suite("JWKS over real loopback HTTP (URLSessionJWKSFetcher + HTTPServer)")
struct LoopbackJWKSTests {
    @Test("a token verifies with keys fetched from {issuer}/jwks over HTTP")
    func fetchesOverHTTP() throws {
        let minter = try Minter()
        let server = try JWKSServer(document: try jwksDocument([minter.jwk]))
        let verifier = try TokenVerifier(configuration: TokenVerifierConfiguration(
            issuer: server.issuer, audience: Minter.audience))
        let token = try minter.token(Minter.claims(now: Date()) { $0["iss"] = .string(server.issuer) })
        let claims = try verifier.verify(token)
        #expect(claims.subject == "user-42")
        _ = try verifier.verify(token)
        #expect(server.hits == 1)
    }

    @Test("a 404 JWKS endpoint means jwksUnavailable")
    func notFound() throws {
        let minter = try Minter()
        let server = try JWKSServer(document: "{}")
        let issuer = "http://127.0.0.1:\(server.server.port)/realms/other"
        let verifier = try TokenVerifier(configuration: TokenVerifierConfiguration(issuer: issuer, audience: Minter.audience))
        let token = try minter.token(Minter.claims(now: Date()) { $0["iss"] = .string(issuer) })
        #expect(throws: TokenVerificationError(.jwksUnavailable, "")) { try verifier.verify(token) }
    }

    @Test("plain HTTP is refused except on loopback")
    func schemes() {
        #expect(URLSessionJWKSFetcher.isAcceptable(URL(string: "https://id.example.test/realms/a/jwks")!))
        #expect(URLSessionJWKSFetcher.isAcceptable(URL(string: "http://127.0.0.1:8080/realms/a/jwks")!))
        #expect(URLSessionJWKSFetcher.isAcceptable(URL(string: "http://localhost/realms/a/jwks")!))
        #expect(!URLSessionJWKSFetcher.isAcceptable(URL(string: "http://id.example.test/realms/a/jwks")!))
        #expect(!URLSessionJWKSFetcher.isAcceptable(URL(string: "file:///etc/passwd")!))
        #expect(throws: JWKSFetchError.self) {
            try URLSessionJWKSFetcher().fetchJWKS(from: URL(string: "http://id.example.test/jwks")!)
        }
    }
}
