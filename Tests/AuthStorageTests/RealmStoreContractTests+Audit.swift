import AuthCore
import AuthStorage
import Storage
import Testing

extension RealmStoreContractTests {
    @Test("audit events round-trip exactly and chain from the genesis hash", arguments: Backend.available)
    func auditRoundTrip(backend: Backend) throws {
        let t = try backend.makeStore()
        let events = [
            SecurityEvent(type: EventType.loginSucceeded, realm: "acme", userID: "u1", requestID: "req-1",
                          clientAddress: "2001:db8::1", details: ["amr": "pwd otp", "note": "héllo ✓ \"quoted\" \\ / 𝄞"], at: 1_700_000_000),
            SecurityEvent(type: EventType.loginFailed, realm: "acme", at: 1_700_000_001),
            SecurityEvent(type: EventType.keyStaged, realm: "platform", details: ["kid": "abc", "": "empty key"], at: 0),
        ]
        var returned: [AuditRecord] = []
        for event in events { returned.append(try t.store.appendAudit(event)) }
        let stored = try t.store.auditRecords()
        #expect(stored == returned)
        #expect(stored.map(\.event) == events)
        #expect(stored.map(\.sequence) == [1, 2, 3])
        #expect(stored.first?.previousHash == AuditChain.genesis)
        #expect(AuditChain.verify(stored) == nil)
    }

    @Test("200 appends from 8 threads make one gapless chain 1…200 that verifies", arguments: Backend.available)
    func auditConcurrentAppends(backend: Backend) throws {
        let t = try backend.makeStore()
        let store = t.store, failures = Collector<String>()
        runConcurrently(8) { thread in
            for n in 0..<25 {
                do {
                    try store.appendAudit(SecurityEvent(type: EventType.tokenIssued, realm: "acme", userID: "u\(thread)",
                                                        details: ["n": "\(n)"], at: Int64(thread * 100 + n)))
                } catch { failures.append("\(error)") }
            }
        }
        #expect(failures.all == [])
        let records = try t.store.auditRecords()
        #expect(records.map(\.sequence) == Array(1...200))
        #expect(AuditChain.verify(records) == nil)
        #expect(Set(records.map { "\($0.event.userID ?? "")/\($0.event.details["n"] ?? "")" }).count == 200)
    }

    /// A change made behind the store's back, straight in SQL.
    enum Tampering: String, CaseIterable, Sendable {
        case editDetails, deleteMiddleRow, swapSequences
    }

    @Test("tampering with the stored chain is found at the right record",
          arguments: Backend.available, Tampering.allCases)
    func auditTamperingIsFound(backend: Backend, tampering: Tampering) throws {
        let t = try backend.makeStore()
        for n in 1...10 {
            try t.store.appendAudit(SecurityEvent(type: EventType.factorVerified, realm: "acme", userID: "u1",
                                                  details: ["kind": "totp", "n": "\(n)"], at: Int64(n)))
        }
        #expect(AuditChain.verify(try t.store.auditRecords()) == nil)
        try t.db.transaction { ex in
            switch tampering {
            case .editDetails:
                try ex.execute("UPDATE audit_log SET details = $1 WHERE sequence = $2", [#"{"kind":"webauthn","n":"4"}"#, 4])
            case .deleteMiddleRow:
                try ex.execute("DELETE FROM audit_log WHERE sequence = $1", [5])
            case .swapSequences:
                try ex.execute("UPDATE audit_log SET sequence = $1 WHERE sequence = $2", [-3, 3])
                try ex.execute("UPDATE audit_log SET sequence = $1 WHERE sequence = $2", [3, 7])
                try ex.execute("UPDATE audit_log SET sequence = $1 WHERE sequence = $2", [7, -3])
            }
        }
        let finding = try #require(AuditChain.verify(try t.store.auditRecords()))
        switch tampering {
        case .editDetails:
            #expect(finding.sequence == 4)
            #expect(finding.problem.contains("edited"))
        case .deleteMiddleRow:
            #expect(finding.sequence == 6)
            #expect(finding.problem.contains("missing"))
        case .swapSequences:
            #expect(finding.sequence == 3)
        }
    }
}
