import Foundation
import GatehouseTestSupport
@testable import GatehouseServer
import Testing

@Suite("TOTP and recovery codes over HTTP")
struct FactorPluginTests {
    @Test("password → TOTP enrolment in the flow → tokens with mfaVerifiedAt and ten recovery codes; TOTP and recovery-code logins; step-up; regenerate",
          arguments: AuthHarness.Backend.available)
    func fullPath(backend: AuthHarness.Backend) throws {
        let harness = try AuthHarness(backend, builtInFactors: true)
        try harness.createUser("nia")
        let flow = try harness.login("nia").json
        #expect(flow["next"] as? String == "enroll")
        #expect((flow["factors"] as? [String])?.contains("totp") == true)
        #expect((flow["factors"] as? [String])?.contains("recovery_code") == false)

        let (begin, enrolled, secret) = try harness.enrollTOTP("nia")
        #expect(try begin.string("otpauth_uri").hasPrefix("otpauth://totp/Gatehouse%20%28\(harness.realm)%29:nia?secret=\(secret)&issuer="))
        #expect(try begin.string("qr_svg").hasPrefix("<svg"))
        #expect(enrolled.status == 200)
        let tokens = enrolled.json
        let claims = AuthHarness.claims(try tokens.string("access_token"))
        #expect(abs(Int64(claims["mfaVerifiedAt"] as? Int ?? 0) - harness.clock.now) <= 2)
        #expect(claims["amr"] as? [String] == ["pwd", "otp", "mfa"])
        let codes = try #require(tokens["recovery_codes"] as? [String])
        #expect(codes.count == 10 && Set(codes).count == 10)
        let lines = harness.logLines
        for code in codes { #expect(!lines.contains { $0.contains(code) }) }
        #expect(!lines.contains { $0.contains(secret) })

        // A later login with TOTP (the enrolment's step is spent, so the clock moves on a step).
        harness.clock.advance(30)
        let second = try harness.login("nia").json
        #expect(Set(second["factors"] as? [String] ?? []) == ["totp", "recovery_code"])
        let withTOTP = try harness.post("\(harness.api)/login/\(second.string("flow_id"))/totp", json: ["code": try harness.totp(secret)])
        #expect(withTOTP.status == 200)
        #expect(withTOTP.json["recovery_codes"] == nil)

        // A login with a recovery code, which then no longer works.
        let recovered = try harness.loginAnswering("nia", kind: "recovery_code", code: codes[0].lowercased())
        #expect(recovered.status == 200)
        #expect(AuthHarness.claims(try recovered.json.string("access_token"))["mfaVerifiedAt"] != nil)
        let reused = try harness.loginAnswering("nia", kind: "recovery_code", code: codes[0])
        #expect(reused.status == 401)
        #expect(reused.json["code"] as? String == "invalid_credentials")

        // /me/factors shows what remains.
        let access = try withTOTP.json.string("access_token")
        let factors = try harness.get("\(harness.api)/me/factors", bearer: access).json["factors"] as? [[String: Any]] ?? []
        let recovery = try #require(factors.first { $0["kind"] as? String == "recovery_code" })
        #expect((recovery["details"] as? [String: Any])?["remaining"] as? Int == 9)
        let totpFactor = factors.first { $0["kind"] as? String == "totp" }
        #expect((totpFactor?["details"] as? [String: Any])?["digits"] as? Int == 6)

        // Regenerate is sensitive: a stale token gets the RFC 9470 challenge; a step-up with TOTP refreshes it.
        harness.clock.advance(240)
        let stale = try harness.post("/realms/\(harness.realm)/oauth2/token",
                                     form: ["grant_type": "refresh_token", "refresh_token": withTOTP.json.string("refresh_token")])
            .json.string("access_token")
        harness.clock.advance(61)
        let regenerate = "\(harness.api)/me/factors/recovery_code/regenerate"
        let refused = try harness.post(regenerate, bearer: stale)
        #expect(refused.status == 401)
        #expect(refused.header("WWW-Authenticate")?.contains("insufficient_user_authentication") == true)
        let stepUp = try harness.post("\(harness.api)/step-up", bearer: stale).json
        #expect(stepUp["factors"] as? [String] == ["totp"])  // recovery codes do not serve step-up by default
        let stepFlow = try stepUp.string("flow_id")
        #expect(try harness.post("\(harness.api)/login/\(stepFlow)/recovery_code", json: ["code": codes[1]]).status == 403)
        let stepped = try harness.post("\(harness.api)/login/\(stepFlow)/totp", json: ["code": try harness.totp(secret)])
        #expect(stepped.status == 200)
        let fresh = try stepped.json.string("access_token")
        #expect(Int64(AuthHarness.claims(fresh)["mfaVerifiedAt"] as? Int ?? 0) == harness.clock.now)

        let regenerated = try harness.post(regenerate, bearer: fresh)
        #expect(regenerated.status == 200)
        let newCodes = try #require(regenerated.json["recovery_codes"] as? [String])
        #expect(newCodes.count == 10 && Set(newCodes).isDisjoint(with: codes))
        #expect(try harness.loginAnswering("nia", kind: "recovery_code", code: codes[1]).status == 401)
        #expect(try harness.loginAnswering("nia", kind: "recovery_code", code: newCodes[9]).status == 200)
        let after = try harness.get("\(harness.api)/me/factors", bearer: fresh).json["factors"] as? [[String: Any]] ?? []
        let recoveryAfter = after.first { $0["kind"] as? String == "recovery_code" }
        #expect((recoveryAfter?["details"] as? [String: Any])?["remaining"] as? Int == 9)
        #expect(harness.events("factor.reissued").count == 1)
    }

    @Test("recovery_codes.low at two or fewer remaining", arguments: [AuthHarness.Backend.sqlite])
    func lowWatermark(backend: AuthHarness.Backend) throws {
        let harness = try AuthHarness(backend, builtInFactors: true)
        try harness.createUser("ola")
        let codes = try #require(try harness.enrollTOTP("ola").tokens.json["recovery_codes"] as? [String])
        for (index, code) in codes.prefix(8).enumerated() {
            #expect(try harness.loginAnswering("ola", kind: "recovery_code", code: code).status == 200)
            #expect(harness.events("recovery_codes.low").count == (index == 7 ? 1 : 0))
        }
        #expect(harness.events("recovery_codes.low").first?.contains("\"remaining\":\"2\"") == true)
    }

    @Test("bad input: one generic rejection, each counted as a failed attempt", arguments: AuthHarness.Backend.available)
    func badInput(backend: AuthHarness.Backend) throws {
        let harness = try AuthHarness(backend, builtInFactors: true)
        try harness.createUser("pam")
        try harness.createUser("quinn")
        let (_, enrolled, secret) = try harness.enrollTOTP("pam")
        let codes = try #require(enrolled.json["recovery_codes"] as? [String])
        let (_, otherEnrolled, otherSecret) = try harness.enrollTOTP("quinn")
        let otherCodes = try #require(otherEnrolled.json["recovery_codes"] as? [String])
        harness.clock.advance(30)
        #expect(try harness.loginAnswering("pam", kind: "recovery_code", code: codes[0]).status == 200)
        let current = try harness.totp(secret)
        var groups = codes[1].split(separator: "-").map(String.init)
        groups[3] = groups[3] == "2222" ? "3333" : "2222"
        let far = try harness.totp(secret, offset: 150)
        let old = try harness.totp(secret, offset: -3600)
        let used = try harness.totp(secret, offset: -30)  // the enrolment's step: already used
        let foreign = try harness.totp(otherSecret)
        let spaced = String(current.prefix(3)) + " " + String(current.suffix(3))
        let totpInputs: [Any] = [String(current.dropLast()), current + "0", "12345a", " " + current, current + " ", spaced,
                                 current + "\n", far, old, used, foreign, Int(current) ?? 0, ""]
        let wrongGroup = groups.joined(separator: "-")
        let recoveryInputs: [Any] = [wrongGroup, codes[0], otherCodes[0], String(codes[2].dropLast()), codes[2] + "X",
                                     "0000-0000-0000-0000-0000"]
        let bad: [(String, Any)] = totpInputs.map { ("totp", $0) } + recoveryInputs.map { ("recovery_code", $0) }
        let rejectedBefore = harness.events("factor.rejected").count
        for (kind, code) in bad {
            let response = try harness.loginAnswering("pam", kind: kind, code: code)
            #expect(response.status == 401, "\(kind) input was not refused")
            #expect(response.json["code"] as? String == "invalid_credentials")
            #expect(response.json["detail"] as? String == "The factor was not accepted.")
        }
        #expect(harness.events("factor.rejected").count - rejectedBefore == bad.count)
        // The valid code still works afterwards (nothing above consumed it).
        #expect(try harness.loginAnswering("pam", kind: "totp", code: current).status == 200)
        // Attempts are counted per flow: five misses spend it.
        let flowID = try harness.login("pam").json.string("flow_id")
        for _ in 0..<5 { _ = try harness.post("\(harness.api)/login/\(flowID)/totp", json: ["code": "000000"]) }
        let spent = try harness.post("\(harness.api)/login/\(flowID)/totp", json: ["code": try harness.totp(secret, offset: 30)])
        #expect(spent.status == 401 || spent.status == 404)
        #expect(spent.json["access_token"] == nil)
    }
}
