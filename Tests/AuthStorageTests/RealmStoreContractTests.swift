import AuthCore
import AuthStorage
import Storage
import Testing

/// The behaviours AuthCore relies on from a realm store, on every available backend.
@Suite
struct RealmStoreContractTests {
    @Test("the realm schema migrates to its latest version, and again is a no-op", arguments: Backend.available)
    func migrates(backend: Backend) throws {
        let t = try backend.makeStore()
        #expect(try Migrator.appliedVersions(t.db, schema: .realm) == Array(1...Schema.realm.latestVersion))
        #expect(try Migrator.migrate(t.db, schema: .realm).isEmpty)
    }

    @Test("a user round-trips and is found by id and by username in any case", arguments: Backend.available)
    func userRoundTrip(backend: Backend) throws {
        let t = try backend.makeStore()
        let ada = User(id: "u1", username: "Ada.Lovelace", email: "ada@example.org",
                       roles: [.operator_, .impersonator, .federationAdmin], disabled: false,
                       passwordHash: "$2b$12$abcdefghijklmnopqrstuv", createdAt: 1_700_000_001)
        let bob = User(id: "u2", username: "bob", email: nil, roles: [], disabled: true, passwordHash: "h", createdAt: 5)
        try t.store.insertUser(ada)
        try t.store.insertUser(bob)
        #expect(try t.store.user(id: "u1") == ada)
        #expect(try t.store.user(named: "ada.lovelace") == ada)
        #expect(try t.store.user(named: "ADA.LOVELACE") == ada)
        #expect(try t.store.user(named: "bob") == bob)
        #expect(try t.store.user(named: "nobody") == nil)
        #expect(try t.store.user(id: "u3") == nil)
        #expect(try t.store.users() == [ada, bob])
    }

    @Test("usernames are unique case-insensitively: insert and rename both answer .conflict", arguments: Backend.available)
    func usernameUniqueness(backend: Backend) throws {
        let t = try backend.makeStore()
        try t.addUser("u1", "Alice")
        #expect(throws: AuthError(.conflict, "")) { try t.addUser("u2", "ALICE") }
        #expect(throws: AuthError(.conflict, "")) { try t.addUser("u3", "alice") }
        var carol = try t.addUser("u4", "carol")
        carol.username = "aLiCe"
        #expect(throws: AuthError(.conflict, "")) { try t.store.updateUser(carol) }
        #expect(try t.store.users().map(\.username) == ["Alice", "carol"])
        // A change of case of one's own name is not a conflict.
        carol.username = "Carol"
        try t.store.updateUser(carol)
        #expect(try t.store.user(named: "CAROL")?.username == "Carol")
    }

    @Test("updateUser writes roles, disabled, e-mail and password hash; unknown ids are .notFound", arguments: Backend.available)
    func updateUser(backend: Backend) throws {
        let t = try backend.makeStore()
        var user = try t.addUser("u1")
        user.roles = [.operator_, .federationAdmin]
        user.disabled = true
        user.email = "new@example.org"
        user.passwordHash = "$argon2id$new"
        try t.store.updateUser(user)
        #expect(try t.store.user(id: "u1") == user)
        user.email = nil
        user.roles = []
        try t.store.updateUser(user)
        #expect(try t.store.user(id: "u1") == user)
        let ghost = User(id: "ghost", username: "ghost", email: nil, roles: [], disabled: false, passwordHash: "h", createdAt: 0)
        #expect(throws: AuthError(.notFound, "")) { try t.store.updateUser(ghost) }
        #expect(throws: AuthError(.notFound, "")) { try t.store.deleteUser(id: "ghost") }
    }

    @Test("deleting a user deletes their credentials, secrets, sessions, refresh tokens and flows, and no one else's",
          arguments: Backend.available)
    func deleteUserCascades(backend: Backend) throws {
        let t = try backend.makeStore()
        for id in ["gone", "kept"] {
            try t.addUser(id)
            try t.store.insertCredential(FactorCredential(id: "\(id)-rc", userID: id, kind: "recovery_code", data: [1], createdAt: 1),
                                         secrets: [("a", "h1"), ("b", "h2")])
            try t.store.insertCredential(FactorCredential(id: "\(id)-totp", userID: id, kind: "totp", data: [2], createdAt: 2),
                                         secrets: [])
            try t.store.insertSession(Session(id: "\(id)-s", userID: id, authTime: 1, amr: ["pwd"], mfaVerifiedAt: nil, expiresAt: 100),
                                      refreshTokenHash: "\(id)-r1", refreshExpiresAt: 100)
            #expect(try t.store.rotateRefreshToken(hash: "\(id)-r1", newHash: "\(id)-r2", newExpiresAt: 100, now: 10)
                    == .rotated(sessionID: "\(id)-s"))
            try t.store.insertFlow(Flow(idHash: "\(id)-f", purpose: .login, userID: id, sessionID: nil, startedAt: 1, expiresAt: 100))
        }
        try t.store.deleteUser(id: "gone")
        #expect(try t.store.user(id: "gone") == nil)
        for (table, column) in [("credentials", "user_id"), ("sessions", "user_id"), ("flows", "user_id")] {
            #expect(try t.count(table, where: "\(column) = $1", ["gone"]) == 0, "\(table)")
            #expect(try t.count(table, where: "\(column) = $1", ["kept"]) > 0, "\(table)")
        }
        #expect(try t.count("credential_secrets", where: "credential_id = $1", ["gone-rc"]) == 0)
        #expect(try t.count("refresh_tokens", where: "session_id = $1", ["gone-s"]) == 0)
        #expect(try t.count("credential_secrets") == 2)
        #expect(try t.count("refresh_tokens") == 2)
        #expect(try t.store.sessionID(refreshTokenHash: "gone-r2") == nil)
        #expect(try t.store.sessionID(refreshTokenHash: "kept-r2") == "kept-s")
    }

    @Test("signing keys round-trip every field, newest first, and update state and dates", arguments: Backend.available)
    func signingKeys(backend: Backend) throws {
        let t = try backend.makeStore()
        var old = SigningKeyRecord(kid: "kid-old", algorithm: "ES256", state: .active, sealedPrivateKey: Array(0...255),
                                   createdAt: 1_000, activatesAt: 1_000)
        let new = SigningKeyRecord(kid: "kid-new", algorithm: "EdDSA", state: .staged, sealedPrivateKey: [0, 0, 1],
                                   createdAt: 2_000, activatesAt: 3_000, supersededAt: nil, retiresAt: nil)
        try t.store.insertSigningKey(old)
        try t.store.insertSigningKey(new)
        #expect(try t.store.signingKeys() == [new, old])
        old.state = .superseded
        old.supersededAt = 3_000
        old.retiresAt = 4_000
        try t.store.updateSigningKey(old)
        #expect(try t.store.signingKeys() == [new, old])
        old.state = .revoked
        try t.store.updateSigningKey(old)
        #expect(try t.store.signingKeys().last?.state == .revoked)
        // Revoked is final: an instance that read the key before the revocation cannot write it back into use.
        old.state = .superseded
        try t.store.updateSigningKey(old)
        #expect(try t.store.signingKeys().last?.state == .revoked)
        #expect(throws: AuthError(.conflict, "")) { try t.store.insertSigningKey(new) }
        let ghost = SigningKeyRecord(kid: "ghost", algorithm: "ES256", state: .staged, sealedPrivateKey: [], createdAt: 0, activatesAt: 0)
        #expect(throws: AuthError(.notFound, "")) { try t.store.updateSigningKey(ghost) }
    }
}
