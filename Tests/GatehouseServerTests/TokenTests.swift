import AuthCore
import Cryptography
import Foundation
import GatehouseTestSupport
@testable import GatehouseServer
import Testing

@Suite("Tokens, refresh, introspection, revocation, step-up")
struct TokenTests {
    @Test("refresh tokens rotate; presenting a rotated one revokes the session", arguments: AuthHarness.Backend.available)
    func refreshRotation(backend: AuthHarness.Backend) throws {
        let harness = try AuthHarness(backend)
        try harness.createUser("fay")
        let (tokens, _) = try harness.enrollFirstFactor("fay")
        let first = try tokens.string("refresh_token")
        let oauth = "/realms/\(harness.realm)/oauth2"
        let rotated = try harness.post("\(oauth)/token", form: ["grant_type": "refresh_token", "refresh_token": first])
        #expect(rotated.status == 200)
        let second = try #require(rotated.json["refresh_token"] as? String)
        #expect(second != first)
        let newAccess = try rotated.json.string("access_token")
        #expect(try harness.introspect(newAccess).json["active"] as? Bool == true)

        let reused = try harness.post("\(oauth)/token", form: ["grant_type": "refresh_token", "refresh_token": first])
        #expect(reused.status == 400)
        #expect(reused.json["error"] as? String == "invalid_grant")
        // The whole family is revoked: the newer refresh token and the access tokens die too.
        #expect(try harness.post("\(oauth)/token", form: ["grant_type": "refresh_token", "refresh_token": second]).status == 400)
        #expect(try harness.introspect(newAccess).json["active"] as? Bool == false)
        #expect(harness.logLines.contains { $0.contains("\"type\":\"refresh_token.reused\"") })
        #expect(try harness.post("\(oauth)/token", form: ["grant_type": "password"]).json["error"] as? String == "unsupported_grant_type")
    }

    @Test("introspection reports mfaVerifiedAt, amr, acr, auth_time; revocation ends the session", arguments: AuthHarness.Backend.available)
    func introspectionAndRevocation(backend: AuthHarness.Backend) throws {
        let harness = try AuthHarness(backend)
        try harness.createUser("gil")
        let (tokens, _) = try harness.enrollFirstFactor("gil")
        let access = try tokens.string("access_token")
        let oauth = "/realms/\(harness.realm)/oauth2"
        let info = try harness.introspect(access).json
        #expect(info["active"] as? Bool == true)
        #expect(info["mfaVerifiedAt"] as? Int != nil)
        #expect(info["amr"] as? [String] == ["pwd", "otp", "mfa"])
        #expect(info["acr"] as? String == "mfa")
        #expect(info["auth_time"] as? Int != nil)
        #expect(try harness.introspect("garbage").json["active"] as? Bool == false)
        #expect(try harness.post("\(oauth)/revoke", form: ["token": tokens.string("refresh_token")]).status == 200)
        #expect(try harness.introspect(access).json["active"] as? Bool == false)
        #expect(try harness.post("\(oauth)/revoke", form: ["token": "unknown"]).status == 200)
    }

    @Test("revoking a signing key refuses its tokens at once and drops it from the JWKS; refresh carries on with the new key",
          arguments: AuthHarness.Backend.available)
    func revokedSigningKey(backend: AuthHarness.Backend) throws {
        let harness = try AuthHarness(backend)
        try harness.createUser("kai")
        let (tokens, _) = try harness.enrollFirstFactor("kai")
        let access = try tokens.string("access_token")
        let kid = try AuthHarness.header(access).string("kid")
        #expect(try harness.get("\(harness.api)/me/factors", bearer: access).status == 200)
        let realm = try harness.gatehouse.services.realms.realm(harness.realm)
        let active = try harness.gatehouse.services.keys.revoke(realm, kid: kid)
        #expect(active != kid)
        #expect(try harness.get("\(harness.api)/me/factors", bearer: access).status == 401)
        #expect(try harness.introspect(access).json["active"] as? Bool == false)
        let published = try harness.get("/realms/\(harness.realm)/jwks").json["keys"] as? [[String: Any]] ?? []
        #expect(!published.contains { $0["kid"] as? String == kid })
        let refreshed = try harness.post("/realms/\(harness.realm)/oauth2/token",
                                         form: ["grant_type": "refresh_token", "refresh_token": tokens.string("refresh_token")])
        #expect(refreshed.status == 200)
        #expect(try AuthHarness.header(refreshed.json.string("access_token")).string("kid") == active)
        #expect(harness.events("signing_key.revoked").count == 1)
    }

    @Test("introspection answers only a resource server that authenticates (RFC 7662 §2.1): HTTP Basic, id and secret")
    func introspectionNeedsClientAuthentication() throws {
        let harness = try AuthHarness(.sqlite)
        try harness.createUser("ida")
        let access = try harness.enrollFirstFactor("ida").tokens.string("access_token")
        let client = AuthHarness.introspectionClient
        func basic(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        // Nothing, another scheme, a wrong secret, an unknown id, an empty secret, garbage: 401 invalid_client, no claims.
        let anonymous = try harness.post("/realms/\(harness.realm)/oauth2/introspect", form: ["token": access])
        #expect(anonymous.status == 401)
        #expect(anonymous.json["error"] as? String == "invalid_client")
        #expect(anonymous.header("WWW-Authenticate") == #"Basic realm="gatehouse""#)
        #expect(anonymous.json["sub"] == nil && anonymous.json["active"] == nil)
        for credentials in [basic("\(client.id):wrong"), basic("someone:\(client.secret)"), basic("\(client.id):"), basic(client.id),
                            "%%%", ""] {
            let refused = try harness.introspect(access, basic: credentials)
            #expect(refused.status == 401, "\(credentials)")
            #expect(refused.json["error"] as? String == "invalid_client")
        }
        #expect(try harness.post("/realms/\(harness.realm)/oauth2/introspect", bearer: access, form: ["token": access]).status == 401)
        #expect(harness.events("client.refused").count == 8)
        let realm = try harness.gatehouse.services.realms.realm(harness.realm)
        #expect(try realm.store.auditRecords().allSatisfy { $0.event.type != "client.refused" },
                "logged, not chained: strangers must not grow the audit chain")
        #expect(!harness.logLines.contains { $0.contains(client.secret) || $0.contains("wrong") || $0.contains(basic("\(client.id):wrong")) })
        #expect(harness.events("client.refused").contains { $0.contains(#""client_id":"unknown""#) }, "an unconfigured id is not repeated")
        // The right credentials.
        #expect(try harness.introspect(access).json["active"] as? Bool == true)
        let discovery = try harness.get("/realms/\(harness.realm)/.well-known/openid-configuration").json
        #expect(discovery["introspection_endpoint_auth_methods_supported"] as? [String] == ["client_secret_basic"])
    }

    @Test("guessing a client secret is throttled per id and address, the right secret included, until the delay passes")
    func clientAuthenticationIsThrottled() throws {
        let harness = try AuthHarness(.sqlite)
        let client = AuthHarness.introspectionClient
        let wrong = Data("\(client.id):guess".utf8).base64EncodedString()
        for _ in 0..<3 { #expect(try harness.introspect("x", basic: wrong).status == 401) }
        let throttled = try harness.introspect("x")
        #expect(throttled.status == 429, "from the guessing address even a right guess waits: guessing must not pay off")
        let wait = Int64(throttled.header("Retry-After") ?? "") ?? 0
        #expect(wait >= 1)
        #expect(harness.events("client.refused").contains { $0.contains("throttled") })
        harness.clock.advance(wait)
        #expect(try harness.introspect("x").status == 200)
    }

    @Test("strangers guessing a client's secret from many addresses do not lock the resource server out")
    func guessersCannotLockOutTheResourceServer() throws {
        let clients = IntrospectionClients([AuthHarness.introspectionClient.id: Hex.encode(Digest.sha256(Array("right".utf8)))],
                                           now: { 1_000 })
        let wrong = "Basic " + Data("\(AuthHarness.introspectionClient.id):wrong".utf8).base64EncodedString()
        let right = "Basic " + Data("\(AuthHarness.introspectionClient.id):right".utf8).base64EncodedString()
        for n in 0..<200 { _ = clients.authenticate(wrong, address: "2001:db8:\(n)::1") }
        #expect(clients.authenticate(right, address: "10.0.0.5") == .authenticated(clientID: AuthHarness.introspectionClient.id))
        // One IPv6 /64 is one address: fresh addresses inside it do not buy fresh guesses.
        var outcomes: [IntrospectionClients.Outcome] = []
        for n in 0..<20 { outcomes.append(clients.authenticate(wrong, address: "2001:db8:1:2::\(n)")) }
        #expect(outcomes.contains { if case .throttled = $0 { true } else { false } })
    }

    @Test("a client secret with reserved characters is sent form-encoded inside Basic (RFC 6749 §2.3.1)")
    func formEncodedClientSecret() throws {
        let secret = "p@ss word:with+plus&more"
        let harness = try AuthHarness(.sqlite) { configuration in
            configuration.introspectionClients = ["rs.one": Hex.encode(Digest.sha256(Array(secret.utf8)))]
        }
        // Form encoding: reserved characters as %XX (a literal "+" as %2B, ":" as %3A), a space as "+".
        let wire = "p%40ss+word%3Awith%2Bplus%26more"
        #expect(try harness.introspect("garbage", basic: Data("rs.one:\(secret)".utf8).base64EncodedString()).status == 401,
                "unencoded, the secret's first ':' ends the id… and its '+' and space decode differently")
        let ok = try harness.introspect("garbage", basic: Data("rs.one:\(wire)".utf8).base64EncodedString())
        #expect(ok.status == 200)
        #expect(ok.json["active"] as? Bool == false)
    }

    @Test("tokens of another realm, alg none, tampered, unknown kid and expired tokens are refused", arguments: AuthHarness.Backend.available)
    func hostileTokens(backend: AuthHarness.Backend) throws {
        let harness = try AuthHarness(backend)
        try harness.createUser("hal")
        try harness.createUser("ops", realm: "platform", roles: ["operator"])
        let (tokens, _) = try harness.enrollFirstFactor("hal")
        let access = try tokens.string("access_token")
        let me = "\(harness.api)/me/factors"
        #expect(try harness.get(me, bearer: access).status == 200)
        let crossRealm = try harness.get("/api/v1/realms/platform/me/factors", bearer: access)
        #expect(crossRealm.status == 401, "\(harness.logLines.filter { $0.contains("error") })")
        let parts = access.split(separator: ".").map(String.init)
        let none = "eyJhbGciOiJub25lIiwidHlwIjoiYXQrand0In0." + parts[1] + "."
        let tamperedPayload = parts[0] + "." + String(parts[1].dropLast()) + (parts[1].last == "A" ? "B" : "A") + "." + parts[2]
        let unknownKid = "eyJhbGciOiJFUzI1NiIsImtpZCI6Im5vcGUiLCJ0eXAiOiJhdCtqd3QifQ." + parts[1] + "." + parts[2]
        for bad in [none, tamperedPayload, unknownKid, "not.a.token", ""] {
            let response = try harness.get(me, bearer: bad)
            #expect(response.status == 401)
            #expect(response.header("WWW-Authenticate")?.contains("invalid_token") == true)
        }
        // A token signed by this realm's key for another audience.
        let realm = try harness.gatehouse.services.realms.realm(harness.realm)
        let user = try #require(try realm.store.user(named: "hal"))
        let elsewhere = TokenService(keys: harness.gatehouse.services.keys, audience: "another-service",
                                     environment: harness.gatehouse.services.environment)
        let wrongAudience = try elsewhere.startSession(realm: realm, user: user, amr: ["pwd"], mfaVerifiedAt: nil).accessToken
        #expect(try harness.get(me, bearer: wrongAudience).status == 401)
        harness.clock.advance(301)
        #expect(try harness.get(me, bearer: access).status == 401)
        let refusals = try realm.store.auditRecords().filter { $0.event.type == EventType.tokenRefused }
        #expect(refusals.count == 6, "every presented, refused token is an event (an empty bearer is not a token)")
        #expect(Set(refusals.compactMap { $0.event.details["reason"] }).count >= 4)
    }

    @Test("a stale mfaVerifiedAt gets the RFC 9470 challenge; step-up refreshes it", arguments: AuthHarness.Backend.available)
    func stepUp(backend: AuthHarness.Backend) throws {
        let harness = try AuthHarness(backend)
        try harness.createUser("ivy")
        let (tokens, secret) = try harness.enrollFirstFactor("ivy")
        // Enrol a second factor so one may be deleted.
        let access = try tokens.string("access_token")
        let begin = try harness.post("\(harness.api)/me/factors/test-code", bearer: access).json
        let added = try harness.post("\(harness.api)/me/factors/test-code/finish", json: ["code": begin.string("secret")], bearer: access)
        #expect(added.status == 201)
        let factorID = try #require(added.json["id"] as? String)

        harness.clock.advance(240)
        let refreshed = try harness.post("/realms/\(harness.realm)/oauth2/token",
                                         form: ["grant_type": "refresh_token", "refresh_token": tokens.string("refresh_token")]).json
        let stale = try refreshed.string("access_token")
        harness.clock.advance(61)  // mfaVerifiedAt is now 301 s old
        let refused = try harness.delete("\(harness.api)/me/factors/\(factorID)", bearer: stale)
        #expect(refused.status == 401)
        #expect(refused.header("WWW-Authenticate") ==
                #"Bearer error="insufficient_user_authentication", error_description="A fresh second factor is required", max_age=300"#)

        // Enrolling yet another factor is sensitive too: with a stale second factor it needs a step-up first.
        let enrolRefused = try harness.post("\(harness.api)/me/factors/test-code", bearer: stale)
        #expect(enrolRefused.status == 401)
        #expect(enrolRefused.header("WWW-Authenticate")?.contains("insufficient_user_authentication") == true)

        let flow = try harness.post("\(harness.api)/step-up", bearer: stale).json
        #expect(flow["next"] as? String == "factor")
        let stepped = try harness.answerFactor(flowID: flow.string("flow_id"), secret: secret)
        #expect(stepped.status == 200)
        #expect(stepped.json["refresh_token"] == nil)
        let fresh = try stepped.json.string("access_token")
        let claims = AuthHarness.claims(fresh)
        #expect(Int64(claims["mfaVerifiedAt"] as? Int ?? 0) == harness.clock.now)
        #expect(claims["sid"] as? String == AuthHarness.claims(stale)["sid"] as? String)
        #expect(try harness.delete("\(harness.api)/me/factors/\(factorID)", bearer: fresh).status == 204)

        let remaining = try harness.get("\(harness.api)/me/factors", bearer: fresh).json["factors"] as? [[String: Any]] ?? []
        #expect(remaining.count == 1)
        let last = try remaining[0].string("id")
        let lastRefused = try harness.delete("\(harness.api)/me/factors/\(last)", bearer: fresh)
        #expect(lastRefused.status == 409)
        #expect(lastRefused.json["code"] as? String == "last_factor")
    }

    @Test("JWKS and discovery are published per realm", arguments: [AuthHarness.Backend.sqlite])
    func publishedMetadata(backend: AuthHarness.Backend) throws {
        let harness = try AuthHarness(backend)
        try harness.createUser("jo")
        let (tokens, _) = try harness.enrollFirstFactor("jo")
        let kid = try AuthHarness.header(tokens.string("access_token")).string("kid")
        let jwks = try harness.get("/realms/\(harness.realm)/jwks").json["keys"] as? [[String: Any]] ?? []
        #expect(jwks.contains { $0["kid"] as? String == kid && $0["kty"] as? String == "EC" && $0["d"] == nil })
        let discovery = try harness.get("/realms/\(harness.realm)/.well-known/openid-configuration").json
        #expect(discovery["issuer"] as? String == "http://127.0.0.1:0/realms/\(harness.realm)")
        #expect(discovery["jwks_uri"] as? String == "http://127.0.0.1:0/realms/\(harness.realm)/jwks")
        #expect(try harness.get("/realms/nope/jwks").status == 404)
        // Another realm's keys are its own.
        let platformKeys = try harness.get("/realms/platform/jwks").json["keys"] as? [[String: Any]] ?? []
        #expect(!platformKeys.contains { $0["kid"] as? String == kid })
    }
}
