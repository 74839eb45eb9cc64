import Cryptography
import Foundation
import GatehouseTestSupport
@testable import GatehouseServer
import TOTPFactor

/// Driving the built-in TOTP and recovery-code plugins over HTTP.
extension AuthHarness {
    /// The current TOTP code of a base32 secret at the harness clock (plus `offset` seconds).
    func totp(_ secret: String, offset: Int64 = 0) throws -> String {
        let otp = try OneTimePassword()
        return otp.code(secret: SecretBytes(try Base32.decode(secret)), counter: otp.step(at: clock.now + offset))
    }

    /// Password, then TOTP enrolment inside the login flow; returns the enrolment begin JSON, the token response and the secret.
    func enrollTOTP(_ username: String) throws -> (begin: [String: Any], tokens: TestResponse, secret: String) {
        let flowID = try login(username).json.string("flow_id")
        let begin = try post("\(api)/login/\(flowID)/enroll/totp").json
        let secret = try begin.string("secret")
        let tokens = try post("\(api)/login/\(flowID)/enroll/totp/finish", json: ["code": try totp(secret)])
        return (begin, tokens, secret)
    }

    /// Password, then a factor answer of `kind` with `code`.
    func loginAnswering(_ username: String, kind: String, code: Any) throws -> TestResponse {
        let flowID = try login(username).json.string("flow_id")
        return try post("\(api)/login/\(flowID)/\(kind)", json: ["code": code])
    }

    /// The audit/event log lines of one event type.
    func events(_ type: String) -> [String] {
        logLines.filter { $0.contains("\"type\":\"\(type)\"") }
    }
}
