import AuthCore
import Cryptography
import FactorTestSupport
import Foundation
import JOSE
import Synchronization
import Testing
@testable import TOTPFactor

@Suite("TOTP plugin: enrolment, verification, replay")
struct TOTPFactorTests {
    let store = MemoryCredentialStore()
    let sealer: SecretSealer
    let plugin: TOTPFactor
    let start: Int64 = 1_700_000_010

    init() throws {
        sealer = try makeSealer()
        plugin = try TOTPFactor()
    }

    func context(_ now: Int64, user: String = "u1") -> FactorContext {
        makeFactorContext(store: store, now: now, user: user, sealer: sealer)
    }

    /// Enrols at `start`; returns the secret and the credential.
    func enrol() throws -> (SecretBytes, FactorCredential) {
        let begin = try plugin.beginEnrollment(context(start))
        let secret = SecretBytes(try Base32.decode(try #require(begin.response["secret"]?.stringValue)))
        let otp = try OneTimePassword()
        let outcome = try plugin.finishEnrollment(context(start), pending: begin.pending,
                                                  answer: .object(["code": .string(otp.code(secret: secret, counter: otp.step(at: start)))]))
        guard case .enrolled(let credential, let secrets, _, _) = outcome else { throw Unexpected() }
        #expect(secrets.isEmpty)
        try store.insertCredential(credential, secrets: [])
        return (secret, credential)
    }

    struct Unexpected: Error {}

    func verify(_ code: String, at now: Int64, user: String = "u1") throws -> Verification {
        try plugin.verify(context(now, user: user), credentials: try store.credentials(ofUser: "u1"), pending: nil,
                          answer: .object(["code": .string(code)]))
    }

    @Test("begin returns a 20-byte base32 secret, an otpauth URI and an SVG QR code; nothing secret in the pending state")
    func begin() throws {
        let begin = try plugin.beginEnrollment(context(start))
        let secret = try #require(begin.response["secret"]?.stringValue)
        #expect(try Base32.decode(secret).count == 20)
        let uri = try #require(begin.response["otpauth_uri"]?.stringValue)
        #expect(uri.hasPrefix("otpauth://totp/Gatehouse%20%28acme%29:u1%40example.org?secret=\(secret)&issuer="))
        #expect(uri.hasSuffix("&algorithm=SHA1&digits=6&period=30"))
        #expect(begin.response["qr_svg"]?.stringValue?.hasPrefix("<svg") == true)
        #expect(!String(decoding: begin.pending, as: UTF8.self).contains(secret))
        #expect(!begin.pending.indices.contains { begin.pending[$0...].starts(with: try! Base32.decode(secret)) })
    }

    @Test("finish needs a valid code; the stored secret is sealed to the credential; the enrolment code cannot sign in")
    func finish() throws {
        let begin = try plugin.beginEnrollment(context(start))
        let wrong = try plugin.finishEnrollment(context(start), pending: begin.pending, answer: .object(["code": .string("000000")]))
        guard case .rejected = wrong else { Issue.record("a wrong code enrolled"); return }
        let (secret, credential) = try enrol()
        let data = try TOTPCredentialData(decoding: credential.data)
        let opened = try sealer.open(data.sealedSecret, context: TOTPCredentialData.sealingContext(realm: "acme", credentialID: credential.id))
        #expect(opened == secret)
        #expect(throws: (any Error).self) {
            try sealer.open(data.sealedSecret, context: TOTPCredentialData.sealingContext(realm: "acme", credentialID: "other"))
        }
        let otp = try OneTimePassword()
        #expect(try verify(otp.code(secret: secret, counter: otp.step(at: start)), at: start) != .accepted(credentialID: credential.id, amr: ["otp"]))
    }

    @Test("a pending enrolment expires, and is bound to its user")
    func pendingEnrolment() throws {
        let begin = try plugin.beginEnrollment(context(start))
        let secret = SecretBytes(try Base32.decode(begin.response["secret"]!.stringValue!))
        let otp = try OneTimePassword()
        let late = start + 301
        #expect(throws: AuthError(.noPendingChallenge, "")) {
            try plugin.finishEnrollment(context(late), pending: begin.pending,
                                        answer: .object(["code": .string(otp.code(secret: secret, counter: otp.step(at: late)))]))
        }
        #expect(throws: (any Error).self) {
            try plugin.finishEnrollment(context(start, user: "mallory"), pending: begin.pending,
                                        answer: .object(["code": .string(otp.code(secret: secret, counter: otp.step(at: start)))]))
        }
        var shorter = TOTPFactor.Configuration()
        shorter.enrollmentLifetimeSeconds = 60
        let quick = try TOTPFactor(shorter)
        let pending = try quick.beginEnrollment(context(start)).pending
        #expect(throws: AuthError(.noPendingChallenge, "")) {
            try quick.finishEnrollment(context(start + 61), pending: pending, answer: .object(["code": .string("123456")]))
        }
    }

    @Test("codes of the next step are accepted once; replays, older steps and far steps are refused")
    func verification() throws {
        let (secret, credential) = try enrol()
        let otp = try OneTimePassword()
        let later = start + 30
        let code = otp.code(secret: secret, counter: otp.step(at: later))
        #expect(try verify(code, at: later) == .accepted(credentialID: credential.id, amr: ["otp"]))
        #expect(try verify(code, at: later) != .accepted(credentialID: credential.id, amr: ["otp"]))
        #expect(try verify(code, at: later + 30) != .accepted(credentialID: credential.id, amr: ["otp"]))
        // A code one step ahead of the clock is accepted (skew), and then the current step is an older one.
        let ahead = otp.code(secret: secret, counter: otp.step(at: later) + 2)
        #expect(try verify(ahead, at: later + 30) == .accepted(credentialID: credential.id, amr: ["otp"]))
        #expect(try verify(otp.code(secret: secret, counter: otp.step(at: later) + 1), at: later + 30)
            != .accepted(credentialID: credential.id, amr: ["otp"]))
        #expect(try store.credential(id: credential.id)?.lastUsedAt == later + 30)
    }

    @Test("bad input is the same rejection", arguments: ["12345", "1234567", " 123456", "123456 ", "12 3456", "abcdef", "", "٣٣٣٣٣٣"])
    func badInput(code: String) throws {
        _ = try enrol()
        guard case .rejected = try verify(code, at: start + 30) else { Issue.record("accepted"); return }
        guard case .rejected = try plugin.verify(context(start + 30), credentials: try store.credentials(ofUser: "u1"), pending: nil,
                                                 answer: .object(["code": .number(123456)])) else { Issue.record("accepted"); return }
    }

    @Test("another user's context never verifies against this user's credential")
    func otherUser() throws {
        let (secret, _) = try enrol()
        let otp = try OneTimePassword()
        let code = otp.code(secret: secret, counter: otp.step(at: start + 30))
        guard case .rejected = try verify(code, at: start + 30, user: "u2") else { Issue.record("accepted for u2"); return }
    }

    @Test("two simultaneous submissions of one code: exactly one is accepted")
    func race() throws {
        for round in 0..<20 {
            let (secret, credential) = try enrol()
            let otp = try OneTimePassword()
            let now = start + 30 + Int64(round) * 60
            let code = otp.code(secret: secret, counter: otp.step(at: now))
            let accepted = Counter()
            let credentials = [credential]
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                let result = try? plugin.verify(context(now), credentials: credentials, pending: nil, answer: .object(["code": .string(code)]))
                if case .accepted? = result { accepted.increment() }
            }
            #expect(accepted.value == 1, "round \(round)")
            _ = try store.deleteCredential(id: credential.id, userID: "u1", keepingOneOf: [])
        }
    }

    @Test("SHA-256 and 8 digits per realm")
    func perRealm() throws {
        var configuration = TOTPFactor.Configuration()
        configuration.realms["acme"] = .init(algorithm: .sha512, digits: 8)
        let plugin = try TOTPFactor(configuration)
        let begin = try plugin.beginEnrollment(context(start))
        #expect(begin.response["otpauth_uri"]?.stringValue?.hasSuffix("&algorithm=SHA512&digits=8&period=30") == true)
        var bad = TOTPFactor.Configuration()
        bad.digits = 7
        #expect(throws: TOTPError.self) { try TOTPFactor(bad) }
    }
}

final class Counter: Sendable {
    private let storage = Mutex(0)
    func increment() { storage.withLock { $0 += 1 } }
    var value: Int { storage.withLock { $0 } }
}
