import Cryptography
import Foundation
import JOSE
import Testing
import TokenVerifier

@Suite("TokenVerifier: acceptance and refusals")
struct VerifierTests {
    @Test("a Gatehouse token verifies and exposes every claim typed", arguments: [SignatureAlgorithm.es256, .es384, .ed25519])
    func accepts(algorithm: SignatureAlgorithm) throws {
        let fixture = try Fixture(algorithm)
        let token = try fixture.token { claims in
            claims["aud"] = .array([.string("billing"), .string(Minter.audience)])
            claims["act"] = .object(["sub": .string("operator-1"), "iss": .string("https://id.example.test/realms/platform")])
            claims["tenant_tier"] = .string("gold")
        }
        let claims = try fixture.verifier.verify(token)
        let t = fixture.clock.now.timeIntervalSince1970.rounded(.down)
        #expect(claims.issuer == Minter.issuer)
        #expect(claims.subject == "user-42")
        #expect(claims.audience == ["billing", Minter.audience])
        #expect(claims.expiresAt == Date(timeIntervalSince1970: t + 300))
        #expect(claims.issuedAt == Date(timeIntervalSince1970: t))
        #expect(claims.notBefore == Date(timeIntervalSince1970: t))
        #expect(claims.tokenID == "jti-1")
        #expect(claims.authenticatedAt == Date(timeIntervalSince1970: t - 60))
        #expect(claims.authenticationMethods == ["pwd", "otp"])
        #expect(claims.authenticationContext == "mfa")
        #expect(claims.realm == "acme")
        #expect(claims.mfaVerifiedAt == Date(timeIntervalSince1970: t - 30))
        #expect(claims.sessionID == "session-7")
        #expect(claims.actor?.subject == "operator-1")
        #expect(claims.actor?.issuer == "https://id.example.test/realms/platform")
        #expect(claims[claim: "tenant_tier"] == .string("gold"))
        #expect(claims.keyID == fixture.minter.kid)
        #expect(claims.algorithm == JWSAlgorithm(algorithm))
        #expect(fixture.fetches == 1)
    }

    @Test("optional claims may be absent: no mfaVerifiedAt, act, sid, amr")
    func minimal() throws {
        let fixture = try Fixture()
        let token = try fixture.token { claims in
            for name in ["mfaVerifiedAt", "act", "sid", "amr", "nbf", "jti", "auth_time", "acr", "realm"] { claims[name] = nil }
        }
        let claims = try fixture.verifier.verify(token)
        #expect(claims.mfaVerifiedAt == nil)
        #expect(claims.actor == nil)
        #expect(claims.authenticationMethods.isEmpty)
        #expect(fixture.verifier.requireMFA(claims, maxAge: 300) == .missing)
    }

    @Test("typ at+jwt is matched case-insensitively, with or without application/", arguments: ["at+jwt", "AT+JWT", "application/at+jwt", "Application/At+JWT"])
    func acceptedTypes(typ: String) throws {
        let fixture = try Fixture()
        _ = try fixture.verifier.verify(fixture.minter.token(Minter.claims(now: fixture.clock.now), typ: typ))
    }

    @Test("any other typ is refused", arguments: [nil, "JWT", "jwt", "at+jwt ", "application/jwt", "id_token+jwt"] as [String?])
    func wrongTypes(typ: String?) throws {
        let fixture = try Fixture()
        let token = try fixture.minter.token(Minter.claims(now: fixture.clock.now), typ: typ)
        #expect(throws: TokenVerificationError(.wrongType, "")) { try fixture.verifier.verify(token) }
    }

    @Test("alg none, HMAC and algorithms off the allow-list are refused")
    func algorithms() throws {
        let fixture = try Fixture()
        let claims = Minter.claims(now: fixture.clock.now)
        let payload = Base64URL.encode(Array(JSONValue.object(claims).jsonText.utf8))
        for header in [#"{"alg":"none","kid":"acme-2025-q3","typ":"at+jwt"}"#, #"{"alg":"HS256","kid":"acme-2025-q3","typ":"at+jwt"}"#] {
            let unsecured = Base64URL.encode(Array(header.utf8)) + "." + payload + "."
            #expect(throws: TokenVerificationError(.unsupportedAlgorithm, "")) { try fixture.verifier.verify(unsecured) }
            #expect(throws: TokenVerificationError(.unsupportedAlgorithm, "")) { try fixture.verifier.verify(unsecured + "AAAA") }
        }
        // ES512 is a valid key and signature, but not allowed by default.
        let es512 = try Minter(.es512, kid: "p521")
        fixture.fetcher.serve(try jwksDocument([fixture.minter.jwk, es512.jwk]), at: Fixture.jwksURL)
        #expect(throws: TokenVerificationError(.unsupportedAlgorithm, "")) { try fixture.verifier.verify(es512.token(claims)) }
        #expect(fixture.fetches == 0)
    }

    @Test("the algorithm must fit the key its kid names")
    func algorithmKeyMismatch() throws {
        let fixture = try Fixture()
        let other = try Minter(.es384, kid: fixture.minter.kid)  // same kid, different key type
        let token = try other.token(Minter.claims(now: fixture.clock.now))
        #expect(throws: TokenVerificationError(.algorithmMismatch, "")) { try fixture.verifier.verify(token) }
    }

    @Test("missing kid and unknown kid are refused; no fallback key")
    func keyIDs() throws {
        let fixture = try Fixture()
        let claims = Minter.claims(now: fixture.clock.now)
        #expect(throws: TokenVerificationError(.unknownKey, "")) { try fixture.verifier.verify(fixture.minter.token(claims, kid: .some(nil))) }
        #expect(throws: TokenVerificationError(.unknownKey, "")) { try fixture.verifier.verify(fixture.minter.token(claims, kid: "nope")) }
    }

    @Test("a bad signature, a forged payload and a foreign key are refused")
    func signatures() throws {
        let fixture = try Fixture()
        let token = try fixture.token()
        var parts = token.split(separator: ".").map(String.init)
        var signature = try Base64URL.decode(parts[2])
        signature[5] ^= 1
        let badSignature = [parts[0], parts[1], Base64URL.encode(signature)].joined(separator: ".")
        #expect(throws: TokenVerificationError(.invalidSignature, "")) { try fixture.verifier.verify(badSignature) }
        parts[1] = Base64URL.encode(Array(JSONValue.object(Minter.claims(now: fixture.clock.now) { $0["sub"] = .string("admin") }).jsonText.utf8))
        #expect(throws: TokenVerificationError(.invalidSignature, "")) { try fixture.verifier.verify(parts.joined(separator: ".")) }
        let impostor = try Minter(.es256, kid: fixture.minter.kid)
        #expect(throws: TokenVerificationError(.invalidSignature, "")) {
            try fixture.verifier.verify(impostor.token(Minter.claims(now: fixture.clock.now)))
        }
    }

    @Test("issuer must match exactly; audience must be contained")
    func issuerAndAudience() throws {
        let fixture = try Fixture()
        for issuer in [Minter.issuer + "/", "https://id.example.test/realms/other", "https://ID.example.test/realms/acme"] {
            let token = try fixture.token { $0["iss"] = .string(issuer) }
            #expect(throws: TokenVerificationError(.wrongIssuer, "")) { try fixture.verifier.verify(token) }
        }
        for audience in [JSONValue.string("billing"), .array([.string("billing"), .string("RCM-CORE")])] {
            let token = try fixture.token { $0["aud"] = audience }
            #expect(throws: TokenVerificationError(.wrongAudience, "")) { try fixture.verifier.verify(token) }
        }
    }

    @Test("required claims must be present", arguments: ["iss", "sub", "aud", "exp", "iat"])
    func missingClaims(name: String) throws {
        let fixture = try Fixture()
        let token = try fixture.token { $0[name] = nil }
        #expect(throws: TokenVerificationError(.missingClaim, "")) { try fixture.verifier.verify(token) }
    }

    @Test("claims of the wrong type are refused", arguments: [
        ("exp", JSONValue.string("tomorrow")), ("iat", .number(-1)), ("mfaVerifiedAt", .string("1750000000")),
        ("amr", .string("pwd")), ("amr", .array([.number(1)])), ("aud", .array([])), ("sub", .number(42)),
        ("act", .object(["iss": .string("x")])), ("act", .string("operator")), ("sid", .bool(true)),
        ("exp", .number(1e300)),
    ])
    func invalidClaims(name: String, value: JSONValue) throws {
        let fixture = try Fixture()
        let token = try fixture.token { $0[name] = value }
        #expect(throws: TokenVerificationError(.invalidClaim, "")) { try fixture.verifier.verify(token) }
    }

    @Test("malformed bearer strings are refused without a fetch", arguments: [
        "", "Bearer", "a.b", "a.b.c.d", "eyJhbGciOiJFUzI1NiJ9.e30.", "!!!.e30.AQID", String(repeating: "a", count: 20_000),
    ])
    func malformed(input: String) throws {
        let fixture = try Fixture()
        #expect(throws: TokenVerificationError(.malformed, "")) { try fixture.verifier.verify(input) }
        #expect(fixture.fetches == 0)
    }

    @Test("a payload that is not a JSON object is malformed even when signed")
    func payloadNotObject() throws {
        let fixture = try Fixture()
        let header = JWSHeader(.es256, kid: fixture.minter.kid, typ: "at+jwt")
        for payload in ["[1]", "{\"sub\":\"a\",\"sub\":\"b\"}", "not json"] {
            let token = try JWS.sign(header: header, payload: Array(payload.utf8), key: fixture.minter.key)
            #expect(throws: TokenVerificationError(.malformed, "")) { try fixture.verifier.verify(token) }
        }
    }

    @Test("error descriptions never contain the token or its claims")
    func descriptions() throws {
        let fixture = try Fixture()
        let token = try fixture.token { $0["aud"] = .string("someone-else-s3cr3t") }
        do {
            _ = try fixture.verifier.verify(token)
            Issue.record("expected a refusal")
        } catch let error as TokenVerificationError {
            #expect(error.code == .wrongAudience)
            let text = "\(error)"
            #expect(!text.contains(token.prefix(16)))
            #expect(!text.contains("s3cr3t"))
            #expect(!text.contains("user-42"))
        }
    }

    @Test("Authorization header parsing")
    func bearerHeader() {
        #expect(TokenVerifier.bearerToken(fromAuthorization: "Bearer abc.def.ghi") == "abc.def.ghi")
        #expect(TokenVerifier.bearerToken(fromAuthorization: "bearer   abc") == "abc")
        #expect(TokenVerifier.bearerToken(fromAuthorization: "Basic abc") == nil)
        #expect(TokenVerifier.bearerToken(fromAuthorization: "Bearer ") == nil)
        #expect(TokenVerifier.bearerToken(fromAuthorization: nil) == nil)
    }

    @Test("configuration: issuer must be an absolute URL unless a JWKS URL is given")
    func configuration() throws {
        #expect(throws: TokenVerificationError(.invalidConfiguration, "")) {
            try TokenVerifier(configuration: TokenVerifierConfiguration(issuer: "acme", audience: "x", fetcher: InMemoryJWKSFetcher()))
        }
        let explicit = URL(string: "https://keys.example.test/acme.json")!
        let verifier = try TokenVerifier(configuration: TokenVerifierConfiguration(
            issuer: "acme", audience: "x", jwksURL: explicit, fetcher: InMemoryJWKSFetcher()))
        #expect(verifier.keys.url == explicit)
        let derived = try TokenVerifier(configuration: TokenVerifierConfiguration(
            issuer: "https://id.example.test/realms/acme/", audience: "x", fetcher: InMemoryJWKSFetcher()))
        #expect(derived.keys.url.absoluteString == "https://id.example.test/realms/acme/jwks")
    }
}
