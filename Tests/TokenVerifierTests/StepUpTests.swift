import Foundation
import JOSE
import Testing
import TokenVerifier

@Suite("MFA freshness and RFC 9470 challenges")
struct StepUpTests {
    /// (seconds since mfaVerifiedAt, maxAge, expected)
    static let cases: [(Double?, Double, MFAFreshness)] = [
        (300, 300, .fresh(age: 300)),
        (301, 300, .stale(age: 301, maxAge: 300)),
        (0, 300, .fresh(age: 0)),
        (0, 0, .fresh(age: 0)),
        (1, 0, .stale(age: 1, maxAge: 0)),
        (-5, 0, .fresh(age: 0)),  // a few seconds ahead (IdP clock skew) counts as now
        (86_400, 300, .stale(age: 86_400, maxAge: 300)),
        (nil, 300, .missing),
    ]

    @Test("requireMFA on a pinned clock", arguments: cases)
    func freshness(age: Double?, maxAge: Double, expected: MFAFreshness) throws {
        let fixture = try Fixture()
        let now = fixture.clock.now.timeIntervalSince1970
        let token = try fixture.token { claims in
            claims["mfaVerifiedAt"] = age.map { .number(now - $0) }
        }
        let claims = try fixture.verifier.verify(token)
        #expect(fixture.verifier.requireMFA(claims, maxAge: maxAge) == expected)
    }

    @Test("freshness follows the clock: fresh now, stale one second past maxAge")
    func clock() throws {
        let fixture = try Fixture()
        let now = fixture.clock.now.timeIntervalSince1970
        let claims = try fixture.verifier.verify(fixture.token { $0["mfaVerifiedAt"] = .number(now) })
        fixture.clock.advance(300)
        #expect(fixture.verifier.requireMFA(claims, maxAge: 300).isFresh)
        fixture.clock.advance(1)
        #expect(fixture.verifier.requireMFA(claims, maxAge: 300) == .stale(age: 301, maxAge: 300))
    }

    @Test("challenge header text, exactly")
    func challenges() {
        #expect(StepUpChallenge(maxAge: 300, description: "More recent authentication is required").headerValue
            == #"Bearer error="insufficient_user_authentication", error_description="More recent authentication is required", max_age=300"#)
        #expect(StepUpChallenge(maxAge: 0).headerValue == #"Bearer error="insufficient_user_authentication", max_age=0"#)
        #expect(StepUpChallenge(acrValues: ["urn:gatehouse:acr:mfa", "phr"], description: "A different authentication level is required").headerValue
            == #"Bearer error="insufficient_user_authentication", error_description="A different authentication level is required", acr_values="urn:gatehouse:acr:mfa phr""#)
        #expect(StepUpChallenge(maxAge: 60, acrValues: ["mfa"]).headerValue
            == #"Bearer error="insufficient_user_authentication", acr_values="mfa", max_age=60"#)
        #expect(StepUpChallenge().headerValue == #"Bearer error="insufficient_user_authentication""#)
    }

    @Test("quotes, backslashes, control and non-ASCII characters never reach the header")
    func sanitising() {
        let challenge = StepUpChallenge(maxAge: -5, acrValues: ["bad value\"", ""], description: "say \"hi\"\\\r\nnow é")
        #expect(challenge.headerValue
            == #"Bearer error="insufficient_user_authentication", error_description="say hinow ", acr_values="badvalue", max_age=0"#)
        #expect(BearerChallenge.invalidToken() == #"Bearer error="invalid_token""#)
        #expect(BearerChallenge.invalidToken(description: "The access token expired")
            == #"Bearer error="invalid_token", error_description="The access token expired""#)
    }
}
