import Foundation
import GatehouseTestSupport
@testable import GatehouseServer
import Testing

/// pyotp (PyPI) in the project venv, when `scripts/python-venv.sh` has installed it.
private let pyotpAvailable: Bool = VenvPython.available && (try? VenvPython.run("import pyotp; print('ok')", arguments: [])) == "ok"

@Suite("pyotp interop")
struct PyOTPTests {
    static let script = """
        import sys, pyotp
        totp = pyotp.parse_uri(sys.argv[1])
        print(totp.at(int(sys.argv[2])))
        """

    @Test("a code pyotp derives from the enrolment URI is accepted (SHA-1/6 and SHA-256/8)",
          .enabled(if: pyotpAvailable, "needs .build/venv with pyotp: run scripts/python-venv.sh (make test does)"),
          arguments: [false, true])
    func pyotpCodeIsAccepted(strong: Bool) throws {
        let harness = try AuthHarness(.sqlite, builtInFactors: true) { configuration in
            if strong { configuration.totp.algorithm = .sha256; configuration.totp.digits = 8 }
        }
        try harness.createUser("tao")
        let flowID = try harness.login("tao").json.string("flow_id")
        let begin = try harness.post("\(harness.api)/login/\(flowID)/enroll/totp").json
        let uri = try begin.string("otpauth_uri")
        #expect(uri.hasSuffix(strong ? "algorithm=SHA256&digits=8&period=30" : "algorithm=SHA1&digits=6&period=30"))
        let code = try VenvPython.run(Self.script, arguments: [uri, String(harness.clock.now)])
        #expect(code.count == (strong ? 8 : 6))
        let finished = try harness.post("\(harness.api)/login/\(flowID)/enroll/totp/finish", json: ["code": code])
        #expect(finished.status == 200)
        // And a later login with pyotp's code of the next step.
        harness.clock.advance(30)
        let next = try VenvPython.run(Self.script, arguments: [uri, String(harness.clock.now)])
        #expect(try harness.loginAnswering("tao", kind: "totp", code: next).status == 200)
    }
}
