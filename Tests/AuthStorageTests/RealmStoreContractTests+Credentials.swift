import AuthCore
import AuthStorage
import Storage
import Testing

extension RealmStoreContractTests {
    @Test("an external id (a WebAuthn credential id) is unique per kind in the realm, across users", arguments: Backend.available)
    func externalIDsAreUniquePerKind(backend: Backend) throws {
        let t = try backend.makeStore()
        try t.addUser("u1")
        try t.addUser("u2")
        let first = FactorCredential(id: "k1", userID: "u1", kind: "webauthn", data: [1], createdAt: 1, externalID: "cred-A")
        try t.store.insertCredential(first, secrets: [])
        #expect(try t.store.credential(id: "k1")?.externalID == "cred-A")
        #expect(throws: AuthError(.conflict, "")) {
            try t.store.insertCredential(FactorCredential(id: "k2", userID: "u2", kind: "webauthn", data: [2], createdAt: 2,
                                                          externalID: "cred-A"), secrets: [])
        }
        // Another kind may use the same text, and credentials without an external id never collide.
        try t.store.insertCredential(FactorCredential(id: "k3", userID: "u2", kind: "other", data: [3], createdAt: 3,
                                                      externalID: "cred-A"), secrets: [])
        try t.store.insertCredential(FactorCredential(id: "k4", userID: "u1", kind: "totp", data: [], createdAt: 4), secrets: [])
        try t.store.insertCredential(FactorCredential(id: "k5", userID: "u2", kind: "totp", data: [], createdAt: 5), secrets: [])
        #expect(try t.store.credentials(ofKind: "totp").map(\.id) == ["k4", "k5"])
        // The lookup a passwordless sign-in starts from: kind and external id together.
        #expect(try t.store.credential(kind: "webauthn", externalID: "cred-A") == first)
        #expect(try t.store.credential(kind: "other", externalID: "cred-A")?.id == "k3")
        #expect(try t.store.credential(kind: "webauthn", externalID: "cred-B") == nil)
    }

    @Test("credentials round-trip, oldest first, with their single-use secrets", arguments: Backend.available)
    func credentialRoundTrip(backend: Backend) throws {
        let t = try backend.makeStore()
        try t.addUser("u1")
        try t.addUser("u2")
        let key = FactorCredential(id: "c2", userID: "u1", kind: "webauthn", data: Array(0...255), version: 7,
                                   status: "untrusted", createdAt: 20, lastUsedAt: 25)
        let totp = FactorCredential(id: "c1", userID: "u1", kind: "totp", data: [], createdAt: 10)
        let codes = FactorCredential(id: "c3", userID: "u1", kind: "recovery_code", data: [9], createdAt: 30)
        try t.store.insertCredential(key, secrets: [])
        try t.store.insertCredential(totp, secrets: [])
        try t.store.insertCredential(codes, secrets: (1...10).map { (lookup: "l\($0)", value: "$2b$12$hash\($0)") })
        try t.store.insertCredential(FactorCredential(id: "c4", userID: "u2", kind: "totp", data: [1], createdAt: 1), secrets: [])
        #expect(try t.store.credentials(ofUser: "u1") == [totp, key, codes])
        #expect(try t.store.credential(id: "c2") == key)
        #expect(try t.store.credential(id: "nope") == nil)
        #expect(try t.store.secretCount(credentialID: "c3") == 10)
        #expect(try t.store.secret(credentialID: "c3", lookup: "l4") == "$2b$12$hash4")
        #expect(try t.store.secret(credentialID: "c3", lookup: "l11") == nil)
        #expect(throws: AuthError(.conflict, "")) { try t.store.insertCredential(totp, secrets: []) }
        #expect(throws: AuthError(.notFound, "")) {
            try t.store.insertCredential(FactorCredential(id: "c9", userID: "ghost", kind: "totp", data: [], createdAt: 1), secrets: [])
        }

        let before = try #require(try t.store.credential(id: "c2"))
        try t.store.setCredentialStatus(id: "c2", status: "active")
        #expect(try t.store.credential(id: "c2")?.status == "active")
        // A status change is a write: a reader that saw the old status loses its version-checked write.
        #expect(try t.store.credential(id: "c2")?.version == before.version + 1)
        #expect(try !t.store.updateCredentialData(id: "c2", expectedVersion: before.version, data: [1], usedAt: nil))
        #expect(throws: AuthError(.notFound, "")) { try t.store.setCredentialStatus(id: "nope", status: "active") }

        try t.store.replaceSecrets(credentialID: "c3", secrets: [(lookup: "n1", value: "v1"), (lookup: "n2", value: "v2")])
        #expect(try t.store.secretCount(credentialID: "c3") == 2)
        #expect(try t.store.secret(credentialID: "c3", lookup: "l4") == nil)
        #expect(try t.store.secret(credentialID: "c3", lookup: "n2") == "v2")
        #expect(throws: AuthError(.notFound, "")) { try t.store.replaceSecrets(credentialID: "nope", secrets: []) }
    }

    @Test("updateCredentialData writes only over the expected version and keeps last_used_at when not given",
          arguments: Backend.available)
    func credentialCompareAndSwap(backend: Backend) throws {
        let t = try backend.makeStore()
        try t.addUser("u1")
        try t.store.insertCredential(FactorCredential(id: "c1", userID: "u1", kind: "totp", data: [1], createdAt: 1), secrets: [])
        #expect(try t.store.updateCredentialData(id: "c1", expectedVersion: 1, data: [2], usedAt: 100))
        #expect(try !t.store.updateCredentialData(id: "c1", expectedVersion: 1, data: [3], usedAt: 200))
        #expect(try t.store.updateCredentialData(id: "c1", expectedVersion: 2, data: [], usedAt: nil))
        #expect(try !t.store.updateCredentialData(id: "nope", expectedVersion: 1, data: [4], usedAt: nil))
        let stored = try #require(try t.store.credential(id: "c1"))
        #expect(stored.data == [] && stored.version == 3 && stored.lastUsedAt == 100)
    }

    @Test("16 writers with the same expected version: exactly one wins", arguments: Backend.available)
    func credentialWriteRace(backend: Backend) throws {
        let t = try backend.makeStore()
        try t.addUser("u1")
        try t.store.insertCredential(FactorCredential(id: "c1", userID: "u1", kind: "totp", data: [0], createdAt: 1), secrets: [])
        let store = t.store, winners = Collector<Int>(), failures = Collector<String>()
        runConcurrently(16) { i in
            do {
                if try store.updateCredentialData(id: "c1", expectedVersion: 1, data: [UInt8(i)], usedAt: Int64(i)) {
                    winners.append(i)
                }
            } catch { failures.append("\(error)") }
        }
        #expect(failures.all == [])
        let winner = try #require(winners.all.count == 1 ? winners.all.first : nil)
        let stored = try #require(try t.store.credential(id: "c1"))
        #expect(stored.version == 2 && stored.data == [UInt8(winner)] && stored.lastUsedAt == Int64(winner))
    }

    @Test("16 threads consuming the same recovery code: exactly one succeeds", arguments: Backend.available)
    func consumeSecretRace(backend: Backend) throws {
        let t = try backend.makeStore()
        try t.addUser("u1")
        try t.store.insertCredential(FactorCredential(id: "rc", userID: "u1", kind: "recovery_code", data: [], createdAt: 1),
                                     secrets: [(lookup: "a", value: "ha"), (lookup: "b", value: "hb")])
        let store = t.store, winners = Collector<Int>(), failures = Collector<String>()
        runConcurrently(16) { i in
            do {
                if try store.consumeSecret(credentialID: "rc", lookup: "a") { winners.append(i) }
            } catch { failures.append("\(error)") }
        }
        #expect(failures.all == [])
        #expect(winners.all.count == 1)
        #expect(try t.store.secret(credentialID: "rc", lookup: "a") == nil)
        #expect(try t.store.secretCount(credentialID: "rc") == 1)
        #expect(try !t.store.consumeSecret(credentialID: "rc", lookup: "a"))
        #expect(try !t.store.consumeSecret(credentialID: "other", lookup: "b"))
    }

    @Test("deleteCredential keeps the last active primary factor, always allows non-primary kinds, refuses other users' ids",
          arguments: Backend.available)
    func deleteCredentialKeepsPrimary(backend: Backend) throws {
        let t = try backend.makeStore()
        try t.addUser("u1")
        try t.addUser("u2")
        let primary = ["totp", "webauthn"]
        for (id, kind, status) in [("totp", "totp", "active"), ("key", "webauthn", "active"),
                                   ("clone", "webauthn", "untrusted"), ("rc", "recovery_code", "active")] {
            try t.store.insertCredential(FactorCredential(id: id, userID: "u1", kind: kind, data: [], status: status, createdAt: 1),
                                         secrets: [(lookup: "x", value: "y")])
        }
        #expect(throws: AuthError(.notFound, "")) { try t.store.deleteCredential(id: "totp", userID: "u2", keepingOneOf: primary) }
        #expect(throws: AuthError(.notFound, "")) { try t.store.deleteCredential(id: "nope", userID: "u1", keepingOneOf: primary) }
        #expect(try t.store.deleteCredential(id: "totp", userID: "u1", keepingOneOf: primary))
        // The only other primary is untrusted (it fails closed), so the last active one stays.
        #expect(try !t.store.deleteCredential(id: "key", userID: "u1", keepingOneOf: primary))
        #expect(try t.store.credential(id: "key") != nil)
        // Non-primary kinds (and a primary that is not the last active one) may always go.
        #expect(try t.store.deleteCredential(id: "rc", userID: "u1", keepingOneOf: primary))
        #expect(try t.store.deleteCredential(id: "clone", userID: "u1", keepingOneOf: primary))
        #expect(try t.count("credential_secrets", where: "credential_id = $1", ["rc"]) == 0)
        #expect(try t.store.credentials(ofUser: "u1").map(\.id) == ["key"])
    }

    @Test("concurrent deletes of a user's only two primary factors: exactly one is allowed (10 rounds)",
          arguments: Backend.available)
    func deleteCredentialRace(backend: Backend) throws {
        let t = try backend.makeStore()
        for round in 0..<10 {
            let user = "u\(round)"
            try t.addUser(user)
            for id in ["k1", "k2"] {
                try t.store.insertCredential(FactorCredential(id: "\(user)-\(id)", userID: user, kind: "webauthn", data: [],
                                                              createdAt: 1), secrets: [])
            }
            let store = t.store, deleted = Collector<String>(), failures = Collector<String>()
            runConcurrently(8) { i in
                let id = "\(user)-\(i % 2 == 0 ? "k1" : "k2")"
                do {
                    if try store.deleteCredential(id: id, userID: user, keepingOneOf: ["webauthn"]) { deleted.append(id) }
                } catch let error as AuthError where error.code == .notFound {
                    // The same id was deleted by a sibling thread first.
                } catch { failures.append("\(error)") }
            }
            #expect(failures.all == [], "round \(round)")
            #expect(deleted.all.count == 1, "round \(round)")
            #expect(try t.store.credentials(ofUser: user).count == 1, "round \(round)")
        }
    }
}
