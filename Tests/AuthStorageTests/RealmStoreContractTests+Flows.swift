import AuthCore
import AuthStorage
import Storage
import Testing

extension RealmStoreContractTests {
    @Test("flows round-trip exactly, including empty and binary pending state", arguments: Backend.available)
    func flowRoundTrip(backend: Backend) throws {
        let t = try backend.makeStore()
        try t.addUser("u1")
        let login = Flow(idHash: "h1", purpose: .login, userID: "u1", sessionID: nil, startedAt: 10, expiresAt: 310)
        let stepUp = Flow(idHash: "h2", purpose: .stepUp, userID: "u1", sessionID: "s1", startedAt: 20, expiresAt: 320,
                          attempts: 2, pending: ["webauthn": Array(0...255), "totp": [], "recovery_code": [0, 0]], version: 3)
        // A passwordless flow has no user until its answer names one.
        let passwordless = Flow(idHash: "h4", purpose: .passwordless, userID: nil, sessionID: nil, startedAt: 30, expiresAt: 330,
                                pending: ["webauthn": [1, 2, 3]])
        try t.store.insertFlow(login)
        try t.store.insertFlow(stepUp)
        try t.store.insertFlow(passwordless)
        #expect(try t.store.flow(idHash: "h1") == login)
        #expect(try t.store.flow(idHash: "h2") == stepUp)
        #expect(try t.store.flow(idHash: "h4") == passwordless)
        #expect(try t.store.flow(idHash: "h3") == nil)
        #expect(throws: AuthError(.conflict, "")) { try t.store.insertFlow(login) }
    }

    @Test("updateFlow writes only over version − 1; 16 racing writers of the same version: one wins", arguments: Backend.available)
    func flowCompareAndSwap(backend: Backend) throws {
        let t = try backend.makeStore()
        try t.addUser("u1")
        var flow = Flow(idHash: "h1", purpose: .login, userID: "u1", sessionID: nil, startedAt: 10, expiresAt: 310)
        try t.store.insertFlow(flow)
        flow.version = 2
        flow.attempts = 1
        flow.pending = ["totp": [1, 2, 3]]
        #expect(try t.store.updateFlow(flow))
        #expect(try !t.store.updateFlow(flow))          // version 2 is stored now; this write was based on 1
        #expect(try t.store.flow(idHash: "h1") == flow)
        let store = t.store, base = flow, winners = Collector<Int>(), failures = Collector<String>()
        runConcurrently(16) { i in
            var mine = base
            mine.version = 3
            mine.attempts = i
            do {
                if try store.updateFlow(mine) { winners.append(i) }
            } catch { failures.append("\(error)") }
        }
        #expect(failures.all == [])
        #expect(winners.all.count == 1)
        let stored = try #require(try t.store.flow(idHash: "h1"))
        #expect(stored.version == 3 && [stored.attempts] == winners.all)
    }

    @Test("16 threads consuming one flow: exactly one succeeds, and the flow is gone", arguments: Backend.available)
    func consumeFlowRace(backend: Backend) throws {
        let t = try backend.makeStore()
        try t.addUser("u1")
        try t.store.insertFlow(Flow(idHash: "h1", purpose: .login, userID: "u1", sessionID: nil, startedAt: 10, expiresAt: 310))
        let store = t.store, winners = Collector<Int>(), failures = Collector<String>()
        runConcurrently(16) { i in
            do {
                if try store.consumeFlow(idHash: "h1") { winners.append(i) }
            } catch { failures.append("\(error)") }
        }
        #expect(failures.all == [])
        #expect(winners.all.count == 1)
        #expect(try t.store.flow(idHash: "h1") == nil)
        #expect(try !t.store.consumeFlow(idHash: "h1"))
    }

    @Test("sweepFlows deletes flows expired long ago and empties the pending state of the recently expired",
          arguments: Backend.available)
    func expiredFlows(backend: Backend) throws {
        let t = try backend.makeStore()
        try t.addUser("u1")
        for (hash, expiry) in [("a", Int64(49)), ("b", 50), ("c", 99), ("d", 100), ("e", 101)] {
            try t.store.insertFlow(Flow(idHash: hash, purpose: .login, userID: "u1", sessionID: nil, startedAt: 0, expiresAt: expiry,
                                        pending: ["totp": [1, 2, 3]]))
        }
        try t.store.sweepFlows(now: 100, deleteBefore: 50)
        #expect(try t.store.flow(idHash: "a") == nil)
        #expect(try t.store.flow(idHash: "b") == nil)
        #expect(try t.store.flow(idHash: "c")?.pending == [:], "expired: kept to say so, its challenge gone")
        #expect(try t.store.flow(idHash: "d")?.pending == [:])
        #expect(try t.store.flow(idHash: "e")?.pending == ["totp": [1, 2, 3]], "live: untouched")
    }
}
