import AuthCore
import AuthStorage
import Storage
import Testing

extension RealmStoreContractTests {
    @Test("sessions round-trip; step-up and revocation update them; revocation is idempotent", arguments: Backend.available)
    func sessionRoundTrip(backend: Backend) throws {
        let t = try backend.makeStore()
        try t.addUser("u1")
        var session = Session(id: "s1", userID: "u1", authTime: 100, amr: ["pwd", "otp", "mfa"], mfaVerifiedAt: 110, expiresAt: 9_000)
        let bare = Session(id: "s2", userID: "u1", authTime: 100, amr: [], mfaVerifiedAt: nil, expiresAt: 9_000)
        try t.store.insertSession(session, refreshTokenHash: "r1", refreshExpiresAt: 5_000)
        try t.store.insertSession(bare, refreshTokenHash: "r2", refreshExpiresAt: 5_000)
        #expect(try t.store.session(id: "s1") == session)
        #expect(try t.store.session(id: "s2") == bare)
        #expect(try t.store.session(id: "s3") == nil)
        #expect(try t.store.sessionID(refreshTokenHash: "r1") == "s1")
        #expect(try t.store.sessionID(refreshTokenHash: "r9") == nil)

        try t.store.setMFAVerified(sessionID: "s1", at: 400)
        session.mfaVerifiedAt = 400
        #expect(try t.store.session(id: "s1") == session)
        #expect(throws: AuthError(.notFound, "")) { try t.store.setMFAVerified(sessionID: "s3", at: 1) }

        try t.store.revokeSession(id: "s1", at: 500)
        try t.store.revokeSession(id: "s1", at: 600)
        try t.store.revokeSession(id: "s3", at: 600)
        session.revokedAt = 500
        #expect(try t.store.session(id: "s1") == session)
        #expect(throws: AuthError(.conflict, "")) {
            try t.store.insertSession(bare, refreshTokenHash: "r5", refreshExpiresAt: 5_000)
        }
    }

    @Test("refresh rotation: rotated, then the old token is reused (even after its expiry), expired and revoked-session tokens are invalid",
          arguments: Backend.available)
    func refreshRotationChain(backend: Backend) throws {
        let t = try backend.makeStore()
        try t.addUser("u1")
        try t.store.insertSession(Session(id: "s1", userID: "u1", authTime: 0, amr: ["pwd"], mfaVerifiedAt: nil, expiresAt: 10_000),
                                  refreshTokenHash: "r1", refreshExpiresAt: 1_000)
        #expect(try t.store.rotateRefreshToken(hash: "r1", newHash: "r2", newExpiresAt: 2_000, now: 100) == .rotated(sessionID: "s1"))
        #expect(try t.store.rotateRefreshToken(hash: "r1", newHash: "r2b", newExpiresAt: 2_000, now: 101) == .reused(sessionID: "s1"))
        #expect(try t.store.sessionID(refreshTokenHash: "r2b") == nil)        // a reused token rotates nothing
        #expect(try t.store.rotateRefreshToken(hash: "r2", newHash: "r3", newExpiresAt: 3_000, now: 200) == .rotated(sessionID: "s1"))
        #expect(try t.store.rotateRefreshToken(hash: "r3", newHash: "r4", newExpiresAt: 4_000, now: 3_000) == .invalid)  // expired
        #expect(try t.store.rotateRefreshToken(hash: "nope", newHash: "r4", newExpiresAt: 4_000, now: 200) == .invalid)
        #expect(try t.store.sessionID(refreshTokenHash: "r4") == nil)
        #expect(try t.store.sessionID(refreshTokenHash: "r1") == "s1")       // used tokens still name their session
        try t.store.revokeSession(id: "s1", at: 300)
        #expect(try t.store.rotateRefreshToken(hash: "r3", newHash: "r4", newExpiresAt: 4_000, now: 400) == .invalid)
        #expect(try t.store.sessionID(refreshTokenHash: "r4") == nil)
        #expect(try t.store.rotateRefreshToken(hash: "r1", newHash: "r5", newExpiresAt: 6_000, now: 5_000) == .reused(sessionID: "s1"))

        // A session past its own end refuses its (unexpired) refresh token too.
        try t.store.insertSession(Session(id: "s2", userID: "u1", authTime: 0, amr: ["pwd"], mfaVerifiedAt: nil, expiresAt: 500),
                                  refreshTokenHash: "q1", refreshExpiresAt: 1_000)
        #expect(try t.store.rotateRefreshToken(hash: "q1", newHash: "q2", newExpiresAt: 2_000, now: 600) == .invalid)
    }

    @Test("16 threads presenting the same refresh token: exactly one rotates, the others see reuse", arguments: Backend.available)
    func refreshRotationRace(backend: Backend) throws {
        let t = try backend.makeStore()
        try t.addUser("u1")
        try t.store.insertSession(Session(id: "s1", userID: "u1", authTime: 0, amr: ["pwd"], mfaVerifiedAt: nil, expiresAt: 10_000),
                                  refreshTokenHash: "r1", refreshExpiresAt: 1_000)
        let store = t.store, outcomes = Collector<RefreshRotation>(), failures = Collector<String>()
        runConcurrently(16) { i in
            do {
                outcomes.append(try store.rotateRefreshToken(hash: "r1", newHash: "r2-\(i)", newExpiresAt: 2_000, now: 100))
            } catch { failures.append("\(error)") }
        }
        #expect(failures.all == [])
        #expect(outcomes.all.filter { $0 == .rotated(sessionID: "s1") }.count == 1)
        #expect(outcomes.all.filter { $0 == .reused(sessionID: "s1") }.count == 15)
        #expect(try t.count("refresh_tokens", where: "session_id = $1", ["s1"]) == 2)
    }
}
