import Foundation
import GatehouseTestSupport
@testable import GatehouseServer
import Testing

@Suite("Login flow over HTTP")
struct LoginFlowTests {
    @Test("password → enrol a factor → tokens with mfaVerifiedAt; later password → factor → tokens", arguments: AuthHarness.Backend.available)
    func fullPath(backend: AuthHarness.Backend) throws {
        let harness = try AuthHarness(backend)
        try harness.createUser("Ann.Smith")
        let flow = try harness.login("ann.smith")  // usernames are case-insensitive
        #expect(flow.status == 200)
        #expect(flow.json["next"] as? String == "enroll")
        #expect(flow.json["factors"] as? [String] == ["test-code"])
        #expect((flow.json["expires_at"] as? Int ?? 0) > Int(harness.clock.now))
        let (tokens, secret) = try harness.enrollFirstFactor("Ann.Smith")
        #expect(tokens["token_type"] as? String == "Bearer")
        #expect(tokens["refresh_token"] as? String != nil)
        let access = try #require(tokens["access_token"] as? String)
        let header = AuthHarness.header(access)
        #expect(header["typ"] as? String == "at+jwt")
        #expect(header["alg"] as? String == "ES256")
        #expect(header["kid"] as? String != nil)
        let claims = AuthHarness.claims(access)
        #expect(claims["iss"] as? String == "http://127.0.0.1:0/realms/\(harness.realm)")
        #expect(claims["realm"] as? String == harness.realm)
        #expect(claims["amr"] as? [String] == ["pwd", "otp", "mfa"])
        #expect(claims["acr"] as? String == "mfa")
        let mfaVerifiedAt = try #require(claims["mfaVerifiedAt"] as? Int)
        #expect(abs(Int64(mfaVerifiedAt) - harness.clock.now) <= 2)
        for name in ["sub", "aud", "exp", "iat", "nbf", "jti", "auth_time", "sid"] { #expect(claims[name] != nil, "claim \(name)") }

        let second = try harness.login("Ann.Smith").json
        #expect(second["next"] as? String == "factor")
        #expect(second["factors"] as? [String] == ["test-code"])
        let answered = try harness.answerFactor(flowID: second.string("flow_id"), secret: secret)
        #expect(answered.status == 200)
        #expect(answered.json["access_token"] as? String != nil)
    }

    @Test("a wrong password and an unknown user get the same 401", arguments: AuthHarness.Backend.available)
    func genericFailure(backend: AuthHarness.Backend) throws {
        let harness = try AuthHarness(backend)
        try harness.createUser("bob")
        let wrong = try harness.login("bob", password: "not the password at all")
        let unknown = try harness.login("nobody-here", password: "not the password at all")
        #expect(wrong.status == 401)
        #expect(unknown.status == 401)
        #expect(wrong.json["detail"] as? String == unknown.json["detail"] as? String)
        #expect(wrong.json["code"] as? String == "invalid_credentials")
        #expect(!harness.logLines.joined().contains("not the password"))
    }

    @Test("a disabled user, an unknown realm, bad bodies", arguments: AuthHarness.Backend.available)
    func refusals(backend: AuthHarness.Backend) throws {
        let harness = try AuthHarness(backend)
        try harness.createUser("carol")
        _ = try harness.gatehouse.services.users.disable(realm: try harness.gatehouse.services.realms.realm(harness.realm),
                                                         username: "carol", client: nil)
        #expect(try harness.login("carol").status == 401)
        #expect(try harness.login("carol", realm: "no-such-realm").status == 404)
        #expect(try harness.login("carol", realm: "BAD..REALM").status == 404)
        let malformed = try HTTPTestClient.request(port: harness.port, method: "POST", target: "\(harness.api)/login",
                                                   headers: [("Content-Type", "application/json")], body: Array("{\"username\":".utf8))
        #expect(malformed.status == 400)
    }

    @Test("a flow is single-use, expires after 5 minutes, and allows 5 answers", arguments: AuthHarness.Backend.available)
    func flowLimits(backend: AuthHarness.Backend) throws {
        let harness = try AuthHarness(backend)
        try harness.createUser("dave")
        let (_, secret) = try harness.enrollFirstFactor("dave")

        let used = try harness.login("dave").json.string("flow_id")
        #expect(try harness.answerFactor(flowID: used, secret: secret).status == 200)
        #expect(try harness.answerFactor(flowID: used, secret: secret).status == 404)

        let expiring = try harness.login("dave").json.string("flow_id")
        harness.clock.advance(301)
        _ = try harness.login("dave")  // new flows sweep old ones, but an expired flow is kept an hour to say so
        #expect(try harness.post("\(harness.api)/login/\(expiring)/test-code/challenge").status == 410)

        let guessed = try harness.login("dave").json.string("flow_id")
        for attempt in 1...5 {
            _ = try harness.post("\(harness.api)/login/\(guessed)/test-code/challenge")
            let response = try harness.post("\(harness.api)/login/\(guessed)/test-code", json: ["code": "wrong-\(attempt)"])
            #expect(response.status == 401)
        }
        // The flow is spent: even the right answer is refused now.
        #expect(try harness.answerFactor(flowID: guessed, secret: secret).status == 404)
        // A flow of another realm means nothing here.
        let other = try harness.login("dave").json.string("flow_id")
        #expect(try harness.post("/api/v1/realms/platform/login/\(other)/test-code/challenge").status == 404)
    }

    @Test("a throttled answer spends no attempt and keeps the challenge: after the delay the right answer still works")
    func throttledAnswerKeepsTheFlow() throws {
        let harness = try AuthHarness(.sqlite) { $0.factorFailuresBeforeLock = 4 }  // delays after 2 failures
        try harness.createUser("hana")
        let (_, secret) = try harness.enrollFirstFactor("hana")
        let flowID = try harness.login("hana").json.string("flow_id")
        let nonce = try harness.post("\(harness.api)/login/\(flowID)/test-code/challenge").json.string("nonce")
        for attempt in 1...2 {
            #expect(try harness.post("\(harness.api)/login/\(flowID)/test-code", json: ["code": "wrong-\(attempt)"]).status == 401)
            _ = try harness.post("\(harness.api)/login/\(flowID)/test-code/challenge")  // each wrong answer spent the challenge
        }
        let nonceNow = try harness.post("\(harness.api)/login/\(flowID)/test-code/challenge").json.string("nonce")
        #expect(nonceNow != nonce)
        let right = ["code": "\(secret):\(nonceNow)"]
        let throttled = try harness.post("\(harness.api)/login/\(flowID)/test-code", json: right)
        #expect(throttled.status == 429)
        let wait = Int64(throttled.header("Retry-After") ?? "") ?? 0
        #expect(wait >= 1)
        harness.clock.advance(wait)
        // Two answers of five used, and the same challenge still stands.
        #expect(try harness.post("\(harness.api)/login/\(flowID)/test-code", json: right).status == 200)
    }

    @Test("wrong factor answers are throttled across flows: a right password does not buy new guesses")
    func factorGuessingIsThrottledAcrossFlows() throws {
        let harness = try AuthHarness(.sqlite) { $0.factorFailuresBeforeLock = 10 }
        try harness.createUser("gus")
        let (_, secret) = try harness.enrollFirstFactor("gus")
        var statuses: [Int] = []
        for _ in 0..<2 {
            let flowID = try harness.login("gus").json.string("flow_id")
            for attempt in 0..<3 {
                _ = try harness.post("\(harness.api)/login/\(flowID)/test-code/challenge")
                statuses.append(try harness.post("\(harness.api)/login/\(flowID)/test-code", json: ["code": "wrong-\(attempt)"]).status)
            }
        }
        // Five wrong answers pass (401); from then on a delay applies in any new flow (429).
        #expect(Array(statuses.prefix(5)) == [401, 401, 401, 401, 401])
        #expect(statuses.last == 429)
        #expect(harness.logLines.contains { $0.contains("\"type\":\"login.throttled\"") && $0.contains("\"stage\":\"factor\"") })
        harness.clock.advance(2)
        let flowID = try harness.login("gus").json.string("flow_id")
        #expect(try harness.answerFactor(flowID: flowID, secret: secret).status == 200)  // the right answer after the delay
    }

    @Test("a user whose factors were taken out of use is not offered enrolment after a password")
    func disabledFactorsDoNotReopenEnrolment() throws {
        let harness = try AuthHarness(.sqlite)
        let user = try harness.createUser("hank")
        _ = try harness.enrollFirstFactor("hank")
        let realm = try harness.gatehouse.services.realms.realm(harness.realm)
        for credential in try realm.store.credentials(ofUser: user.id) {
            try realm.store.setCredentialStatus(id: credential.id, status: "untrusted")  // e.g. MDS3 revoked the model
        }
        let response = try harness.login("hank")
        #expect(response.status == 403)
        #expect(response.json["flow_id"] == nil)
        #expect(response.json["code"] as? String == "factor_not_allowed")
    }

    @Test("failed passwords are throttled per account and address", arguments: [AuthHarness.Backend.sqlite])
    func throttling(backend: AuthHarness.Backend) throws {
        let harness = try AuthHarness(backend)
        try harness.createUser("erin")
        for _ in 0..<3 { #expect(try harness.login("erin", password: "wrong password guess").status == 401) }
        let throttled = try harness.login("erin")
        #expect(throttled.status == 429)
        #expect(Int(throttled.header("Retry-After") ?? "") ?? 0 >= 1)
        harness.clock.advance(2)
        #expect(try harness.login("erin").status == 200)  // the right password after the delay works, and clears the count
        #expect(harness.logLines.contains { $0.contains("\"type\":\"login.throttled\"") })
    }
}
