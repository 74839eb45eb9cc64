import Foundation
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
