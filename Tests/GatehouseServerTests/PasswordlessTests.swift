import AuthCore
import AuthStorage
import Cryptography
import Foundation
@testable import GatehouseServer
import GatehouseTestSupport
import JOSE
import Storage
import Testing
import WebAuthnTestSupport

/// Driving the WebAuthn plugin over HTTP with a software passkey (the browser tests use Chromium's).
extension AuthHarness {
    /// A harness whose realms use RP ID `example.org` (the software passkey's) and allow passwordless sign-in when asked.
    static func withPasskeys(_ backend: Backend, passwordless: Bool = true) throws -> AuthHarness {
        try AuthHarness(backend, builtInFactors: true) { configuration in
            configuration.webauthn.defaults.rpID = "example.org"
            configuration.webauthn.defaults.origins = ["https://example.org"]
            configuration.realmPolicy.passwordless = passwordless
        }
    }

    /// A fresh software passkey: its own credential id.
    static func passkey() -> TestAuthenticator {
        var authenticator = TestAuthenticator()
        authenticator.credentialId = SecureRandom.bytes(32)
        return authenticator
    }

    /// Password, then the passkey's enrolment inside the login flow; the passkey learns its user handle.
    func enrollPasskey(_ username: String, _ passkey: inout TestAuthenticator) throws -> TestResponse {
        let flowID = try login(username).json.string("flow_id")
        let options = try post("\(api)/login/\(flowID)/enroll/webauthn").json
        passkey.userHandle = try Base64URL.decode(try (options["user"] as? [String: Any] ?? [:]).string("id"))
        let challenge = try Base64URL.decode(try options.string("challenge"))
        return try post("\(api)/login/\(flowID)/enroll/webauthn/finish", json: Self.object(passkey.registration(challenge: challenge)))
    }

    /// A passwordless flow and its WebAuthn challenge: the flow id, the request options and the challenge bytes.
    func beginPasswordless() throws -> (flowID: String, options: [String: Any], challenge: [UInt8]) {
        let flowID = try post("\(api)/login/passwordless").json.string("flow_id")
        let options = try post("\(api)/login/\(flowID)/webauthn/challenge").json
        return (flowID, options, try Base64URL.decode(try options.string("challenge")))
    }

    static func object(_ value: JSONValue) -> Any {
        (try? JSONSerialization.jsonObject(with: Data(value.jsonText.utf8))) ?? [:]
    }
}

@Suite("Passwordless sign-in with a passkey alone")
struct PasswordlessTests {
    @Test("a passkey that verifies the user signs in alone: amr without pwd, mfaVerifiedAt now, the flow spent",
          arguments: AuthHarness.Backend.available)
    func passkeySignsInAlone(backend: AuthHarness.Backend) throws {
        let harness = try AuthHarness.withPasskeys(backend)
        let user = try harness.createUser("rui")
        var passkey = AuthHarness.passkey()
        #expect(try harness.enrollPasskey("rui", &passkey).status == 200)

        let start = try harness.post("\(harness.api)/login/passwordless").json
        #expect(start["next"] as? String == "factor")
        #expect(start["factors"] as? [String] == ["webauthn"])
        let flowID = try start.string("flow_id")
        let options = try harness.post("\(harness.api)/login/\(flowID)/webauthn/challenge").json
        #expect((options["allowCredentials"] as? [Any])?.isEmpty == true, "a discoverable request names no credential")
        #expect(options["userVerification"] as? String == "required")
        let challenge = try Base64URL.decode(try options.string("challenge"))

        let answer = AuthHarness.object(passkey.assertion(challenge: challenge, signCount: 1, userHandle: passkey.userHandle))
        let signedIn = try harness.post("\(harness.api)/login/\(flowID)/webauthn", json: answer)
        #expect(signedIn.status == 200)
        let claims = AuthHarness.claims(try signedIn.json.string("access_token"))
        #expect(claims["sub"] as? String == user.id)
        #expect(claims["amr"] as? [String] == ["swk", "user", "mfa"], "no password was used; the passkey proved two factors")
        #expect(Int64(claims["mfaVerifiedAt"] as? Int ?? 0) == harness.clock.now)
        #expect(harness.events("login.succeeded").contains { $0.contains("swk user mfa") })
        #expect(try harness.post("\(harness.api)/login/\(flowID)/webauthn", json: answer).status == 404, "the flow is spent")

        // The session refreshes like any other.
        let refreshed = try harness.post("/realms/\(harness.realm)/oauth2/token",
                                         form: ["grant_type": "refresh_token", "refresh_token": signedIn.json.string("refresh_token")])
        #expect(refreshed.status == 200)
    }

    @Test("refused: a realm without it, a missing or foreign user handle, no UV, an unknown credential, a disabled user, other steps",
          arguments: AuthHarness.Backend.available)
    func refusals(backend: AuthHarness.Backend) throws {
        let closed = try AuthHarness.withPasskeys(backend, passwordless: false)
        let refused = try closed.post("\(closed.api)/login/passwordless")
        #expect(refused.status == 403)
        #expect(refused.json["code"] as? String == "factor_not_allowed")

        let harness = try AuthHarness.withPasskeys(backend)
        try harness.createUser("sam")
        try harness.createUser("tess")
        var sam = AuthHarness.passkey(), tess = AuthHarness.passkey()
        #expect(try harness.enrollPasskey("sam", &sam).status == 200)
        #expect(try harness.enrollPasskey("tess", &tess).status == 200)

        func answer(_ passkey: TestAuthenticator, flags: UInt8 = 0x05, userHandle: [UInt8]?, signCount: UInt32 = 1) throws -> TestResponse {
            let (flowID, _, challenge) = try harness.beginPasswordless()
            let body = AuthHarness.object(passkey.assertion(challenge: challenge, flags: flags, signCount: signCount, userHandle: userHandle))
            return try harness.post("\(harness.api)/login/\(flowID)/webauthn", json: body)
        }
        // Without a user handle nothing ties the assertion to an account; with another user's, it lies.
        #expect(try answer(sam, userHandle: nil).status == 401)
        #expect(try answer(sam, userHandle: tess.userHandle).status == 401)
        // User presence alone (UP without UV) is one factor: not enough without a password.
        #expect(try answer(sam, flags: 0x01, userHandle: sam.userHandle).status == 401)
        // A credential the realm does not know.
        let stranger = AuthHarness.passkey()
        let unknown = try answer(stranger, userHandle: sam.userHandle)
        #expect(unknown.status == 401)
        #expect(unknown.json["detail"] as? String == "The factor was not accepted.")
        #expect(harness.events("factor.rejected").contains { $0.contains("unknown_credential") })
        // After all that, Sam's passkey still works (nothing above consumed or lowered anything).
        #expect(try answer(sam, userHandle: sam.userHandle, signCount: 2).status == 200)

        // A disabled user's passkey no longer signs in.
        _ = try harness.gatehouse.services.users.disable(realm: try harness.gatehouse.services.realms.realm(harness.realm),
                                                         username: "tess", client: nil)
        #expect(try answer(tess, userHandle: tess.userHandle).status == 401)

        // A passwordless flow offers no enrolment and no other kind.
        let (flowID, _, _) = try harness.beginPasswordless()
        #expect(try harness.post("\(harness.api)/login/\(flowID)/enroll/totp").status == 403)
        #expect(try harness.post("\(harness.api)/login/\(flowID)/totp", json: ["code": "123456"]).status == 403)
        #expect(try harness.post("\(harness.api)/login/\(flowID)/totp/challenge").status == 403)
    }

    @Test("failed passwordless answers naming someone's credential do not slow that person down")
    func strangersCannotThrottleAPasskeyOwner() throws {
        let harness = try AuthHarness(.sqlite, builtInFactors: true) { configuration in
            configuration.webauthn.defaults.rpID = "example.org"
            configuration.webauthn.defaults.origins = ["https://example.org"]
            configuration.realmPolicy.passwordless = true
            configuration.factorFailuresBeforeLock = 2
        }
        try harness.createUser("yan")
        var owner = AuthHarness.passkey()
        #expect(try harness.enrollPasskey("yan", &owner).status == 200)
        // A stranger knows the credential id but not the key: the signatures fail.
        var stranger = AuthHarness.passkey()
        stranger.credentialId = owner.credentialId
        for _ in 0..<6 {
            let (flowID, _, challenge) = try harness.beginPasswordless()
            let forged = AuthHarness.object(stranger.assertion(challenge: challenge, signCount: 9, userHandle: owner.userHandle))
            #expect(try harness.post("\(harness.api)/login/\(flowID)/webauthn", json: forged).status == 401)
        }
        let (flowID, _, challenge) = try harness.beginPasswordless()
        let genuine = AuthHarness.object(owner.assertion(challenge: challenge, signCount: 1, userHandle: owner.userHandle))
        #expect(try harness.post("\(harness.api)/login/\(flowID)/webauthn", json: genuine).status == 200)
    }

    @Test("the sign-in page offers a passkey alone only where the realm allows it")
    func pageOffersItWhereAllowed() throws {
        for allowed in [true, false] {
            let harness = try AuthHarness.withPasskeys(.sqlite, passwordless: allowed)
            let html = try harness.get("/realms/\(harness.realm)/signin").text
            #expect(html.contains(#"<button id="passkey-only" type="button">"#) == allowed)
            #expect(html.contains(#"<button id="passkey-only" type="button" hidden>"#) == !allowed)
        }
    }

    @Test("an answer naming no known credential spends one of the flow's five attempts")
    func unknownCredentialsCountAsAttempts() throws {
        let harness = try AuthHarness.withPasskeys(.sqlite)
        let (flowID, _, challenge) = try harness.beginPasswordless()
        let stranger = AuthHarness.passkey()
        let body = AuthHarness.object(stranger.assertion(challenge: challenge, signCount: 1, userHandle: [9, 9]))
        for _ in 1...5 {
            #expect(try harness.post("\(harness.api)/login/\(flowID)/webauthn/challenge").status == 200)
            #expect(try harness.post("\(harness.api)/login/\(flowID)/webauthn", json: body).status == 401)
        }
        #expect(try harness.post("\(harness.api)/login/\(flowID)/webauthn", json: body).status == 404, "the flow is spent")
    }

    @Test("a passkey caught going back never signs in alone again, whatever the counter policy; it may still be a second factor",
          arguments: ["refuse", "flag"])
    func suspectedCloneNeverSignsInAlone(policy: String) throws {
        let harness = try AuthHarness(.sqlite, builtInFactors: true) { configuration in
            configuration.webauthn.defaults.rpID = "example.org"
            configuration.webauthn.defaults.origins = ["https://example.org"]
            configuration.webauthn.defaults.counterPolicy = .init(rawValue: policy)
            configuration.realmPolicy.passwordless = true
        }
        try harness.createUser("uma")
        var passkey = AuthHarness.passkey()
        #expect(try harness.enrollPasskey("uma", &passkey).status == 200)
        func alone(signCount: UInt32) throws -> Int {
            let (flowID, _, challenge) = try harness.beginPasswordless()
            let body = AuthHarness.object(passkey.assertion(challenge: challenge, signCount: signCount, userHandle: passkey.userHandle))
            return try harness.post("\(harness.api)/login/\(flowID)/webauthn", json: body).status
        }
        #expect(try alone(signCount: 5) == 200)
        #expect(try alone(signCount: 4) == 401, "a regression is refused without a password even under `flag`")
        #expect(harness.events("webauthn.counter_regression").count == 1)
        #expect(try alone(signCount: 6) == 401, "a higher counter later does not clear the suspicion")
        // After a password, the flagged passkey is still a second factor (the realm's policy chose to keep it).
        let flowID = try harness.login("uma").json.string("flow_id")
        let options = try harness.post("\(harness.api)/login/\(flowID)/webauthn/challenge").json
        let body = AuthHarness.object(passkey.assertion(challenge: try Base64URL.decode(try options.string("challenge")), signCount: 7))
        let second = try harness.post("\(harness.api)/login/\(flowID)/webauthn", json: body)
        #expect(second.status == 200)
        #expect((AuthHarness.claims(try second.json.string("access_token"))["amr"] as? [String])?.first == "pwd")
    }

    @Test("the engine itself refuses a passwordless answer that did not verify the user, whatever the plugin says")
    func engineRequiresUserVerification() throws {
        let harness = try AuthHarness(.sqlite, factors: [CarelessPasswordlessFactor()]) { $0.realmPolicy.passwordless = true }
        let user = try harness.createUser("wes")
        try harness.gatehouse.services.realms.realm(harness.realm).store.insertCredential(
            FactorCredential(id: "c1", userID: user.id, kind: CarelessPasswordlessFactor.kind, data: [], createdAt: harness.clock.now,
                             externalID: "key-1"), secrets: [])
        let start = try harness.post("\(harness.api)/login/passwordless").json
        #expect(start["factors"] as? [String] == [CarelessPasswordlessFactor.kind])
        let flowID = try start.string("flow_id")
        #expect(try harness.post("\(harness.api)/login/\(flowID)/careless/challenge").status == 200)
        #expect(try harness.post("\(harness.api)/login/\(flowID)/careless", json: ["id": "key-1"]).status == 401)
        #expect(harness.events("factor.rejected").contains { $0.contains("user_not_verified") })
    }

    @Test("a credential taken out of use (stepped down) does not sign in alone")
    func steppedDownCredentialRefused() throws {
        let harness = try AuthHarness.withPasskeys(.sqlite)
        try harness.createUser("vic")
        var passkey = AuthHarness.passkey()
        #expect(try harness.enrollPasskey("vic", &passkey).status == 200)
        let store = try harness.gatehouse.services.realms.realm(harness.realm).store
        let credential = try #require(try store.credentials(ofKind: "webauthn").first)
        try store.setCredentialStatus(id: credential.id, status: "stepped-down")
        let (flowID, _, challenge) = try harness.beginPasswordless()
        let body = AuthHarness.object(passkey.assertion(challenge: challenge, signCount: 1, userHandle: passkey.userHandle))
        #expect(try harness.post("\(harness.api)/login/\(flowID)/webauthn", json: body).status == 401)
        #expect(harness.events("factor.rejected").contains { $0.contains("unknown_credential") })
    }

    @Test("anyone may start a passwordless flow, so abandoned flows are dropped as new ones start (an hour after they expire)")
    func abandonedFlowsAreDropped() throws {
        let harness = try AuthHarness.withPasskeys(.sqlite)
        let database = try #require(try harness.gatehouse.services.realms.realm(harness.realm).store as? SQLRealmStore).database
        func flows() throws -> Int64 { try database.read { try $0.queryFirst("SELECT COUNT(*) AS n FROM flows")?.int("n") ?? -1 } }
        for _ in 0..<20 { #expect(try harness.post("\(harness.api)/login/passwordless").status == 200) }
        #expect(try flows() == 20)
        harness.clock.advance(301)
        #expect(try harness.post("\(harness.api)/login/passwordless").status == 200)
        #expect(try flows() == 21, "expired an instant ago: kept an hour, to answer flow_expired")
        harness.clock.advance(3600)
        #expect(try harness.post("\(harness.api)/login/passwordless").status == 200)
        #expect(try flows() == 2, "the twenty are gone; the flow started an hour ago has just expired and stays")
    }
}

/// A passwordless plugin that forgets to verify the user: it accepts any answer naming its credential, yielding
/// `swk` alone. The engine must not let that sign anyone in.
struct CarelessPasswordlessFactor: FactorProvider {
    static let kind = "careless"
    let descriptor = FactorDescriptor(kind: kind, amr: ["swk"], selfEnrollable: false, stepUpCapable: false, passwordless: true)

    func beginEnrollment(_ context: FactorContext) throws -> EnrollmentStart { EnrollmentStart(response: .emptyObject, pending: []) }

    func finishEnrollment(_ context: FactorContext, pending: [UInt8], answer: JSONValue) throws -> EnrollmentOutcome {
        .rejected(reason: "not enrollable")
    }

    func passwordlessChallenge(realm: String, random: any RandomSource) throws -> FactorChallenge { FactorChallenge() }

    func credentialReference(in answer: JSONValue) -> String? { answer["id"]?.stringValue }

    func verify(_ context: FactorContext, credentials: [FactorCredential], pending: [UInt8]?, answer: JSONValue) throws -> Verification {
        guard let credential = credentials.first else { return .rejected(reason: "none") }
        return .accepted(credentialID: credential.id, amr: descriptor.amr)
    }
}
