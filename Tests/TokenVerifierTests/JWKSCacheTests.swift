import Dispatch
import Foundation
import JOSE
import Synchronization
import Testing
import TokenVerifier

@Suite("JWKS cache: refetch on unknown kid (rate-limited), rotation, outages, max age")
struct JWKSCacheTests {
    @Test("keys are fetched once and then served from the cache")
    func cached() throws {
        let fixture = try Fixture()
        for _ in 0..<20 { _ = try fixture.verifier.verify(fixture.token()) }
        #expect(fixture.fetches == 1)
    }

    @Test("a flood of unknown kids causes at most one fetch per interval")
    func rateLimit() throws {
        let fixture = try Fixture()
        _ = try fixture.verifier.verify(fixture.token())
        #expect(fixture.fetches == 1)
        let claims = Minter.claims(now: fixture.clock.now)
        // Within 5 s of the last fetch: no refetch, however many bad kids arrive.
        for index in 0..<100 {
            let token = try fixture.minter.token(claims, kid: "bogus-\(index)")
            #expect(throws: TokenVerificationError(.unknownKey, "")) { try fixture.verifier.verify(token) }
        }
        #expect(fixture.fetches == 1)
        fixture.clock.advance(4.9)
        #expect(throws: TokenVerificationError(.unknownKey, "")) { try fixture.verifier.verify(fixture.minter.token(claims, kid: "x")) }
        #expect(fixture.fetches == 1)
        fixture.clock.advance(0.1)
        for index in 0..<100 {
            let token = try fixture.minter.token(claims, kid: "bogus-\(index)")
            #expect(throws: TokenVerificationError(.unknownKey, "")) { try fixture.verifier.verify(token) }
        }
        #expect(fixture.fetches == 2)
        // Known kids keep verifying throughout, without fetches.
        _ = try fixture.verifier.verify(fixture.token())
        #expect(fixture.fetches == 2)
    }

    @Test("key rotation: a new kid is accepted after one refetch; the old key keeps working while published")
    func rotation() throws {
        let fixture = try Fixture()
        _ = try fixture.verifier.verify(fixture.token())
        let next = try Minter(.es256, kid: "acme-2025-q4")
        fixture.fetcher.serve(try jwksDocument([fixture.minter.jwk, next.jwk]), at: Fixture.jwksURL)
        fixture.clock.advance(6)
        let claims = try fixture.verifier.verify(next.token(Minter.claims(now: fixture.clock.now)))
        #expect(claims.keyID == "acme-2025-q4")
        #expect(fixture.fetches == 2)
        _ = try fixture.verifier.verify(fixture.token())
        _ = try fixture.verifier.verify(next.token(Minter.claims(now: fixture.clock.now)))
        #expect(fixture.fetches == 2)
    }

    @Test("a rotated key arriving within the interval waits for the interval")
    func rotationWithinInterval() throws {
        let fixture = try Fixture()
        _ = try fixture.verifier.verify(fixture.token())
        let next = try Minter(.es256, kid: "acme-2025-q4")
        fixture.fetcher.serve(try jwksDocument([next.jwk]), at: Fixture.jwksURL)
        fixture.clock.advance(1)
        let token = try next.token(Minter.claims(now: fixture.clock.now))
        #expect(throws: TokenVerificationError(.unknownKey, "")) { try fixture.verifier.verify(token) }
        fixture.clock.advance(4)
        _ = try fixture.verifier.verify(token)
        #expect(fixture.fetches == 2)
    }

    @Test("an outage keeps serving cached keys, past the maximum age")
    func outage() throws {
        let fixture = try Fixture()
        _ = try fixture.verifier.verify(fixture.token())
        fixture.fetcher.setFailing(true)
        fixture.clock.advance(601)
        _ = try fixture.verifier.verify(fixture.token())
        #expect(fixture.fetches == 2)
        // An unknown kid during the outage: the refetch fails, and the refusal says why.
        fixture.clock.advance(6)
        let stranger = try Minter(.es256, kid: "new")
        #expect(throws: TokenVerificationError(.jwksUnavailable, "")) {
            try fixture.verifier.verify(stranger.token(Minter.claims(now: fixture.clock.now)))
        }
        fixture.fetcher.setFailing(false)
        fixture.clock.advance(6)
        _ = try fixture.verifier.verify(fixture.token())
        #expect(fixture.fetches == 4)
    }

    @Test("no keys ever fetched: jwksUnavailable, and retries respect the interval")
    func unavailable() throws {
        let fixture = try Fixture()
        fixture.fetcher.setFailing(true)
        #expect(throws: TokenVerificationError(.jwksUnavailable, "")) { try fixture.verifier.verify(fixture.token()) }
        #expect(throws: TokenVerificationError(.jwksUnavailable, "")) { try fixture.verifier.verify(fixture.token()) }
        #expect(fixture.fetches == 1)
        fixture.fetcher.setFailing(false)
        fixture.clock.advance(5)
        _ = try fixture.verifier.verify(fixture.token())
        #expect(fixture.fetches == 2)
    }

    @Test("after the maximum age the set is refetched, so a withdrawn key stops verifying")
    func maximumAge() throws {
        let fixture = try Fixture()
        _ = try fixture.verifier.verify(fixture.token())
        let next = try Minter(.es256, kid: "acme-2025-q4")
        fixture.fetcher.serve(try jwksDocument([next.jwk]), at: Fixture.jwksURL)
        fixture.clock.advance(599)
        _ = try fixture.verifier.verify(fixture.token())
        #expect(fixture.fetches == 1)
        fixture.clock.advance(1)
        #expect(throws: TokenVerificationError(.unknownKey, "")) { try fixture.verifier.verify(fixture.token()) }
        #expect(fixture.fetches == 2)
    }

    @Test("a JWKS with private key members is refused as unavailable")
    func privateMaterial() throws {
        let fixture = try Fixture()
        let document = try jwksDocument([fixture.minter.jwk]).replacingOccurrences(of: "\"kty\"", with: "\"d\":\"AAAA\",\"kty\"")
        fixture.fetcher.serve(document, at: Fixture.jwksURL)
        #expect(throws: TokenVerificationError(.jwksUnavailable, "")) { try fixture.verifier.verify(fixture.token()) }
    }

    @Test("an explicit JWKS URL is used instead of {issuer}/jwks")
    func explicitURL() throws {
        let url = URL(string: "https://keys.example.test/acme.json")!
        let fixture = try Fixture { $0.jwksURL = url }
        fixture.fetcher.serve(try jwksDocument([fixture.minter.jwk]), at: url)
        _ = try fixture.verifier.verify(fixture.token())
        #expect(fixture.fetcher.fetchCount(for: url) == 1)
        #expect(fixture.fetches == 0)
    }

    @Test("concurrent verifications share one fetch")
    func concurrent() throws {
        let fixture = try Fixture()
        let token = try fixture.token()
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            if (try? fixture.verifier.verify(token)) == nil { failures.add(1, ordering: .relaxed) }
        }
        #expect(failures.load(ordering: .relaxed) == 0)
        #expect(fixture.fetches == 1)
    }
}
