import Foundation
import JOSE
import Testing
import TokenVerifier

@Suite("TokenVerifier: exp / nbf / iat with leeway on a pinned clock")
struct TimeTests {
    /// (claim, claim offset from now, leeway, expected error or nil for accepted)
    static let cases: [(String, Double, Double, String?)] = [
        ("exp", 1, 0, nil),
        ("exp", 0, 0, "expired"),  // exp must lie strictly after now
        ("exp", -29, 30, nil),
        ("exp", -30, 30, "expired"),
        ("exp", -31, 30, "expired"),
        ("nbf", 0, 0, nil),
        ("nbf", 1, 0, "notYetValid"),
        ("nbf", 30, 30, nil),
        ("nbf", 31, 30, "notYetValid"),
        ("iat", 30, 30, nil),
        ("iat", 31, 30, "notYetValid"),
        ("iat", 1, 0, "notYetValid"),
        ("iat", -86_400, 30, nil),
    ]

    @Test("edges", arguments: cases)
    func edge(claim: String, offset: Double, leeway: Double, expected: String?) throws {
        let fixture = try Fixture { $0.leeway = leeway }
        let now = fixture.clock.now.timeIntervalSince1970
        let token = try fixture.token { claims in
            claims["iat"] = .number(now - 10)
            claims["nbf"] = .number(now - 10)
            claims["exp"] = .number(now + 100)
            claims[claim] = .number(now + offset)
        }
        if let expected {
            do {
                _ = try fixture.verifier.verify(token)
                Issue.record("accepted; expected \(expected)")
            } catch let error as TokenVerificationError {
                #expect(error.code.description == expected)
            }
        } else {
            _ = try fixture.verifier.verify(token)
        }
    }

    @Test("a token expires when the clock moves past exp + leeway")
    func clockMoves() throws {
        let fixture = try Fixture()
        let token = try fixture.token()  // exp = now + 300, leeway 30
        _ = try fixture.verifier.verify(token)
        fixture.clock.advance(329)
        _ = try fixture.verifier.verify(token)
        fixture.clock.advance(1)
        #expect(throws: TokenVerificationError(.expired, "")) { try fixture.verifier.verify(token) }
    }

    @Test("fractional NumericDates are honoured")
    func fractional() throws {
        let fixture = try Fixture { $0.leeway = 0 }
        let now = fixture.clock.now.timeIntervalSince1970
        _ = try fixture.verifier.verify(fixture.token { $0["exp"] = .number(now + 0.5) })
        #expect(throws: TokenVerificationError(.expired, "")) {
            try fixture.verifier.verify(fixture.token { $0["exp"] = .number(now - 0.5) })
        }
    }
}
