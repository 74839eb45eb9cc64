import AuthCore
import Cryptography
import FactorTestSupport
import Foundation
import JOSE
import Synchronization
import Testing
@testable import RecoveryCodeFactor

@Suite("Recovery codes: format, issue, redemption")
struct RecoveryCodeTests {
    let store = MemoryCredentialStore()
    let sealer: SecretSealer
    let plugin: RecoveryCodeFactor
    let events = EventLog()

    init() throws {
        sealer = try makeSealer()
        plugin = try RecoveryCodeFactor(.insecureLowCost(4))
    }

    func context(user: String = "u1") -> FactorContext {
        makeFactorContext(store: store, now: 1_700_000_000, user: user, sealer: sealer, events: events)
    }

    func issue() throws -> (IssuedCredential, [String]) {
        let issued = try #require(try plugin.issue(context(), replacing: try store.credentials(ofUser: "u1")))
        let codes = try #require(issued.response["recovery_codes"].flatMap { value -> [String]? in
            guard case .array(let items) = value else { return nil }
            return items.compactMap(\.stringValue)
        })
        return (issued, codes)
    }

    func redeem(_ code: String, user: String = "u1") throws -> Verification {
        try plugin.verify(context(user: user), credentials: try store.credentials(ofUser: "u1"), pending: nil,
                          answer: .object(["code": .string(code)]))
    }

    @Test("a code is five groups of four from a look-alike-free alphabet; the secret part has at least 60 bits")
    func format() throws {
        #expect(RecoveryCode.secretBits >= 60)
        #expect(RecoveryCode.alphabet.count == 30)
        for lookalike in "01ILOUilou" { #expect(!RecoveryCode.alphabet.contains(UInt8(ascii: lookalike.unicodeScalars.first!))) }
        for _ in 0..<50 {
            let code = RecoveryCode(random: SystemRandom())
            let text = code.displayText
            let groups = text.split(separator: "-")
            #expect(groups.count == 5 && groups.allSatisfy { $0.count == 4 })
            #expect(groups[0] == Substring(code.lookup))
            #expect(!code.description.contains(String(groups[1])))
        }
    }

    @Test("characters are uniform over the alphabet (rejection sampling, no modulo bias)")
    func uniform() {
        var counts = [UInt8: Int]()
        for byte in RecoveryCode.randomCharacters(30_000, random: SystemRandom()) { counts[byte, default: 0] += 1 }
        #expect(counts.count == 30)
        #expect(counts.values.allSatisfy { (800...1200).contains($0) })
    }

    @Test("separators and letter case are forgiven; anything else is not", arguments: [
        ("abcd-efgh-jkmn-pqrs-tvwx", true), ("ABCDEFGHJKMNPQRSTVWX", true), ("abcd efgh jkmn pqrs tvwx", true), (" AbCd-EfGh-JkMn-PqRs-TvWx ", true),
        ("ABCD-EFGH-JKMN-PQRS-TVW", false), ("ABCD-EFGH-JKMN-PQRS-TVWXY", false), ("ABCD-EFGH-JKMN-PQRS-TVW0", false),
        ("ABCD_EFGH_JKMN_PQRS_TVWX", false), ("ABCD\tEFGH-JKMN-PQRS-TVWX", false), ("", false), ("ÀBCD-EFGH-JKMN-PQRS-TVWX", false),
    ])
    func parsing(text: String, valid: Bool) {
        let parsed = RecoveryCode(parsing: text)
        #expect((parsed != nil) == valid)
        if valid { #expect(parsed?.displayText == "ABCD-EFGH-JKMN-PQRS-TVWX" && parsed?.lookup == "ABCD") }
    }

    @Test("issue stores ten bcrypt hashes under distinct lookup ids; each code works once, in any case")
    func issueAndRedeem() throws {
        let (issued, codes) = try issue()
        #expect(codes.count == 10 && Set(codes).count == 10)
        #expect(try store.secretCount(credentialID: issued.credentialID) == 10)
        let first = try #require(RecoveryCode(parsing: codes[0]))
        let hash = try #require(try store.secret(credentialID: issued.credentialID, lookup: first.lookup))
        #expect(hash.hasPrefix("$2b$04$") && !hash.contains(codes[0]))
        #expect(try redeem(codes[0].lowercased().replacingOccurrences(of: "-", with: " ")) == .accepted(credentialID: issued.credentialID, amr: ["otp"]))
        #expect(try redeem(codes[0]) == .rejected(reason: "wrong or unknown recovery code"))
        #expect(try store.secretCount(credentialID: issued.credentialID) == 9)
        #expect(try plugin.details(context(), credential: try #require(try store.credential(id: issued.credentialID))) == .object(["remaining": .number(9)]))
    }

    @Test("a wrong group, an unknown lookup, another user's code, malformed input: the same rejection")
    func badInput() throws {
        let (_, codes) = try issue()
        var groups = codes[1].split(separator: "-").map(String.init)
        groups[2] = groups[2] == "2222" ? "3333" : "2222"
        let wrongGroup = groups.joined(separator: "-")
        let unknownLookup = (codes[1].hasPrefix("ZZZZ") ? "YYYY" : "ZZZZ") + codes[1].dropFirst(4)
        for bad in [wrongGroup, unknownLookup, "12345678", "", codes[1] + "2"] {
            guard case .rejected = try redeem(bad) else { Issue.record("accepted a bad code"); continue }
        }
        guard case .rejected = try redeem(codes[1], user: "u2") else { Issue.record("another user redeemed it"); return }
        #expect(try redeem(codes[1]) == .accepted(credentialID: try store.credentials(ofUser: "u1")[0].id, amr: ["otp"]))
    }

    @Test("one bcrypt verification per redemption, whatever the number of codes")
    func oneHashPerRedemption() throws {
        let slow = try RecoveryCodeFactor(.insecureLowCost(10))
        let issued = try #require(try slow.issue(context(), replacing: []))
        guard case .array(let items) = issued.response["recovery_codes"]! else { return }
        let code = items[9].stringValue!
        let clock = ContinuousClock()
        let single = clock.measure { _ = try? Bcrypt.verify(password: SecretBytes(utf8: "x"), against: Bcrypt.hash(password: SecretBytes(utf8: "y"), cost: 10)) }
        let redemption = try clock.measure {
            _ = try slow.verify(context(), credentials: try store.credentials(ofUser: "u1"), pending: nil, answer: .object(["code": .string(code)]))
        }
        // `single` is a hash plus a verification (two bcrypt runs); ten verifications would be five times that.
        #expect(redemption < single * 1.5, "redemption \(redemption) vs two bcrypt runs \(single)")
    }

    @Test("at two or fewer remaining, each redemption reports recovery_codes.low (never with the code)")
    func lowWatermark() throws {
        let (_, codes) = try issue()
        for (index, code) in codes.enumerated() {
            guard case .accepted = try redeem(code) else { Issue.record("code \(index) refused"); return }
            #expect(events.types.count == max(0, index - 6), "after \(index + 1) redemptions")
        }
        #expect(events.types.allSatisfy { $0 == "recovery_codes.low" })
        #expect(events.entries.last?.1["remaining"] == "0")
        #expect(!events.entries.contains { entry in codes.contains { entry.1.values.joined().contains($0.prefix(9)) } })
    }

    @Test("regeneration replaces all ten at once; old codes stop working")
    func regenerate() throws {
        let (first, old) = try issue()
        let (second, new) = try issue()
        #expect(second.credentialID == first.credentialID)
        #expect(Set(old).isDisjoint(with: new))
        #expect(try store.secretCount(credentialID: first.credentialID) == 10)
        guard case .rejected = try redeem(old[0]) else { Issue.record("an old code still works"); return }
        #expect(try redeem(new[0]) == .accepted(credentialID: first.credentialID, amr: ["otp"]))
    }

    @Test("50 simultaneous redemptions of one code: exactly one succeeds")
    func race() throws {
        let (_, codes) = try issue()
        let credentials = try store.credentials(ofUser: "u1")
        let accepted = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 50) { _ in
            let result = try? plugin.verify(context(), credentials: credentials, pending: nil, answer: .object(["code": .string(codes[3])]))
            if case .accepted? = result { accepted.withLock { $0 += 1 } }
        }
        #expect(accepted.withLock { $0 } == 1)
    }

    @Test("the production cost is 12; enrolment is refused (codes are issued)")
    func production() throws {
        #expect(RecoveryCodeFactor.Configuration().bcryptCost == 12)
        #expect(throws: (any Error).self) { try RecoveryCodeFactor(.insecureLowCost(3)) }
        #expect(throws: AuthError(.factorNotAllowed, "")) { try plugin.beginEnrollment(context()) }
        #expect(!plugin.descriptor.stepUpCapable && !plugin.descriptor.isPrimary && plugin.descriptor.issuedWithFirstFactor)
    }

    @Test("the fixed dummy hash an unknown lookup id meets costs a real cost-12 verification and matches nothing")
    func fixedDummyHash() throws {
        let dummy = RecoveryCodeFactor.dummyCost12
        #expect(dummy.hasPrefix("$2b$12$") && dummy.count == 60)
        let code = RecoveryCode(random: SystemRandom()).canonical
        #expect(try Bcrypt.verify(password: code, against: dummy) == false)
    }
}
