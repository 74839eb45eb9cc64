import Cryptography
import Foundation
import JOSE
import Synchronization
import TokenVerifier

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_750_000_000)) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }

    var function: @Sendable () -> Date { { [self] in now } }
}

/// A realm's signing key, minting Gatehouse-shaped access tokens in the test.
struct Minter {
    static let issuer = "https://id.example.test/realms/acme"
    static let audience = "rcm-core"

    let key: SigningKey
    let kid: String

    init(_ algorithm: SignatureAlgorithm = .es256, kid: String = "acme-2025-q3") throws {
        key = try SigningKey.generate(algorithm)
        self.kid = kid
    }

    var jwk: JWK {
        get throws { try JWK(publicKey: key.publicKey, keyID: kid, algorithm: JWSAlgorithm(key.algorithm)) }
    }

    /// Gatehouse claims at `now`, changed by `edit`.
    static func claims(now: Date, edit: (inout [String: JSONValue]) -> Void = { _ in }) -> [String: JSONValue] {
        let t = now.timeIntervalSince1970.rounded(.down)
        var claims: [String: JSONValue] = [
            "iss": .string(issuer), "sub": .string("user-42"), "aud": .string(audience),
            "exp": .number(t + 300), "iat": .number(t), "nbf": .number(t), "jti": .string("jti-1"),
            "auth_time": .number(t - 60), "amr": .array([.string("pwd"), .string("otp")]), "acr": .string("mfa"),
            "realm": .string("acme"), "mfaVerifiedAt": .number(t - 30), "sid": .string("session-7"),
        ]
        edit(&claims)
        return claims
    }

    /// A signed token; the header defaults to Gatehouse's (`alg`, `kid`, `typ: at+jwt`).
    func token(_ claims: [String: JSONValue], kid: String?? = .none, typ: String? = "at+jwt") throws -> String {
        let header = JWSHeader(JWSAlgorithm(key.algorithm), kid: kid ?? self.kid, typ: typ)
        return try JWS.sign(header: header, payload: Array(JSONValue.object(claims).jsonText.utf8), key: key)
    }
}

/// A JWKS document holding `keys`.
func jwksDocument(_ keys: [JWK]) throws -> String {
    try JWKSet(keys: keys).jsonText
}

/// A verifier over an in-memory JWKS at the issuer's default URL.
struct Fixture {
    static let jwksURL = URL(string: Minter.issuer + "/jwks")!

    let clock = TestClock()
    let fetcher = InMemoryJWKSFetcher()
    let minter: Minter
    let verifier: TokenVerifier

    init(_ algorithm: SignatureAlgorithm = .es256, configure: (inout TokenVerifierConfiguration) -> Void = { _ in }) throws {
        minter = try Minter(algorithm)
        fetcher.serve(try jwksDocument([minter.jwk]), at: Self.jwksURL)
        var configuration = TokenVerifierConfiguration(issuer: Minter.issuer, audience: Minter.audience,
                                                       clock: clock.function, fetcher: fetcher)
        configure(&configuration)
        verifier = try TokenVerifier(configuration: configuration)
    }

    var fetches: Int { fetcher.fetchCount(for: Self.jwksURL) }

    func token(edit: (inout [String: JSONValue]) -> Void = { _ in }) throws -> String {
        try minter.token(Minter.claims(now: clock.now, edit: edit))
    }
}

/// A raw compact string from header JSON text and claims (signature from `minter`, valid or not for that header).
func rawToken(header: String, claims: [String: JSONValue], signedBy minter: Minter) throws -> String {
    let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(JSONValue.object(claims).jsonText.utf8))
    return input + "." + Base64URL.encode(try minter.key.signature(for: Array(input.utf8)))
}
