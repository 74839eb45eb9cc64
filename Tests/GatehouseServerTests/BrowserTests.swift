import Foundation
@testable import GatehouseServer
import GatehouseTestSupport
import Testing

/// Runs Tests/Browser/signin.py (selenium, headless Chromium) against a running Gatehouse.
enum Browser {
    static let script = repositoryRoot + "/Tests/Browser/signin.py"
    static var available: Bool {
        VenvPython.available && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
    }

    /// One JSON object per step the script ran.
    static func run(url: String, username: String, password: String, steps: [String]) throws -> [[String: Any]] {
        let output = try VenvPython.run(try String(contentsOfFile: script, encoding: .utf8),
                                        arguments: [url, username, password] + steps)
        return output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}

@Suite("The sign-in page in headless Chromium",
       .enabled(if: Browser.available, "needs Chromium, chromedriver and the test venv (make test installs them)"))
struct BrowserTests {
    @Test("password then a TOTP code through the page yields tokens")
    func totpThroughThePage() throws {
        let harness = try AuthHarness(.sqlite, builtInFactors: true)
        try harness.createUser("bea")
        let flowID = try harness.login("bea").json.string("flow_id")
        let enrolment = try harness.post("\(harness.api)/login/\(flowID)/enroll/totp").json
        let secret = try enrolment.string("secret")
        // Enrol with the previous step's code (accepted: ±1 step), so the page's current code is a new step.
        let code = try VenvPython.run("import pyotp, sys, time; print(pyotp.TOTP(sys.argv[1]).at(time.time() - 30))", arguments: [secret])
        #expect(try harness.post("\(harness.api)/login/\(flowID)/enroll/totp/finish", json: ["code": code]).status == 200)

        let steps = try Browser.run(url: "http://127.0.0.1:\(harness.port)/realms/\(harness.realm)/signin",
                                    username: "bea", password: "correct horse battery", steps: ["totp:\(secret)"])
        let result = try #require(steps.first?["result"] as? [String: Any], "\(steps)")
        #expect(steps.first?["status"] as? String == "Signed in.")
        #expect(result["token_type"] as? String == "Bearer")
        #expect(AuthHarness.claims(try result.string("access_token"))["amr"] as? [String] == ["pwd", "otp", "mfa"])
    }
}

@Suite("Passkeys in headless Chromium (virtual authenticator)",
       .enabled(if: Browser.available, "needs Chromium, chromedriver and the test venv (make test installs them)"))
struct PasskeyBrowserTests {
    @Test("enrol a passkey in the login flow, sign in with it; a counter set back is recorded and the realm's policy applied",
          arguments: ["refuse", "flag", "step-down"])
    func passkeyRegistrationAuthenticationAndCounterRegression(policy: String) throws {
        let port = TenantRouterTests.freePort()
        // WebAuthn needs a domain as RP ID: the page is served as http://localhost (a secure context).
        let harness = try AuthHarness(.sqlite, builtInFactors: true, port: port) { configuration in
            configuration.publicURL = "http://localhost:\(port)"
            configuration.webauthn.defaults.counterPolicy = .init(rawValue: policy)
        }
        try harness.createUser("pia")
        let steps = try Browser.run(url: "http://localhost:\(port)/realms/\(harness.realm)/signin", username: "pia",
                                    password: "correct horse battery",
                                    steps: ["passkey-enroll", "passkey-login", "passkey-login", "counter-back:1", "passkey-login"])
        #expect(steps.count == 5, "\(steps)")
        guard steps.count == 5 else { return }
        let enrolled = try #require(steps[0]["result"] as? [String: Any], "\(steps[0])")
        let enrolledClaims = AuthHarness.claims(try enrolled.string("access_token"))
        // The virtual authenticator gives `none` attestation: an unattested model counts as a software key.
        #expect((enrolledClaims["amr"] as? [String])?.contains("swk") == true)
        #expect(enrolled["recovery_codes"] != nil, "the first enrolment in the login flow hands out recovery codes")
        for step in steps[1...2] {
            let tokens = try #require(step["result"] as? [String: Any], "\(step)")
            #expect(AuthHarness.claims(try tokens.string("access_token"))["mfaVerifiedAt"] != nil)
        }
        // The authenticator's counter was set back below what Gatehouse stored: always an event; then the policy.
        let realm = try harness.gatehouse.services.realms.realm(harness.realm)
        let regressions = try realm.store.auditRecords().filter { $0.event.type == "webauthn.counter_regression" }
        #expect(regressions.count == 1)
        #expect(regressions.first?.event.details["stored"] == "3" && regressions.first?.event.details["received"] == "2")
        #expect(regressions.first?.event.details["policy"] == policy)
        let credential = try #require(try realm.store.credentials(ofKind: "webauthn").first)
        let data = String(decoding: credential.data, as: UTF8.self)
        #expect(data.contains("\"signCount\":3"), "the stored counter is never lowered")
        #expect(data.contains("\"cloneSuspected\":true"), "the credential is flagged")
        switch policy {
        case "flag":
            #expect(steps[4]["status"] as? String == "Signed in.")
            #expect(credential.status == "active")
        case "step-down":
            #expect(steps[4]["status"] as? String == "The factor was not accepted.")
            #expect(credential.status == "stepped-down", "the passkey no longer counts; another factor is needed")
        default:
            #expect(steps[4]["status"] as? String == "The factor was not accepted.")
            #expect(credential.status == "active")
        }
    }

    @Test("a discoverable passkey signs in alone from the page where the realm allows it")
    func passwordlessThroughThePage() throws {
        let port = TenantRouterTests.freePort()
        let harness = try AuthHarness(.sqlite, builtInFactors: true, port: port) { configuration in
            configuration.publicURL = "http://localhost:\(port)"
            configuration.realmPolicy.passwordless = true
        }
        let user = try harness.createUser("quin")
        let steps = try Browser.run(url: "http://localhost:\(port)/realms/\(harness.realm)/signin", username: "quin",
                                    password: "correct horse battery", steps: ["passkey-enroll", "passwordless-login"])
        #expect(steps.count == 2, "\(steps)")
        guard steps.count == 2 else { return }
        #expect(steps[1]["status"] as? String == "Signed in.", "\(steps[1])")
        let tokens = try #require(steps[1]["result"] as? [String: Any], "\(steps[1])")
        let claims = AuthHarness.claims(try tokens.string("access_token"))
        #expect(claims["sub"] as? String == user.id)
        #expect(claims["amr"] as? [String] == ["swk", "user", "mfa"])
    }
}
