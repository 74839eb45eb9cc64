import AuthCore
import Cryptography
import FactorTestSupport
import Foundation
import JOSE
import RecoveryCodeFactor
import TOTPFactor

// Factor plugin benchmarks (issue 4), printed as Markdown: TOTP verifications per second, and a recovery-code
// redemption's time against one bcrypt-12 verification in the same run. The in-memory credential store
// isolates the plugins' own cost (a database round trip adds ~0.1 ms, see Docs/benchmarks.md).

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

let clock = ContinuousClock()
let sealer = try SecretSealer(key: SecretBytes(randomCount: 32))

// TOTP: enrol once, then verify a fresh code of each following step (accepted, with the versioned write).
let store = MemoryCredentialStore()
let totp = try TOTPFactor()
let otp = try OneTimePassword()
let base: Int64 = 1_700_000_000
let begin = try totp.beginEnrollment(makeFactorContext(store: store, now: base, sealer: sealer))
let secret = SecretBytes(try Base32.decode(begin.response["secret"]!.stringValue!))
guard case .enrolled(let credential, _, _, _) = try totp.finishEnrollment(
    makeFactorContext(store: store, now: base, sealer: sealer), pending: begin.pending,
    answer: .object(["code": .string(otp.code(secret: secret, counter: otp.step(at: base)))])) else { fatalError("enrolment failed") }
try store.insertCredential(credential, secrets: [])
let iterations = 50_000
var accepted = 0
let totpTime = try clock.measure {
    for index in 1...iterations {
        let now = base + Int64(index) * 30
        let code = otp.code(secret: secret, counter: otp.step(at: now))
        let current = try store.credentials(ofUser: "u1")
        if case .accepted = try totp.verify(makeFactorContext(store: store, now: now, sealer: sealer), credentials: current,
                                            pending: nil, answer: .object(["code": .string(code)])) { accepted += 1 }
    }
}
precondition(accepted == iterations, "every fresh code must be accepted")
var rejected = 0
let wrongTime = try clock.measure {
    for _ in 1...iterations {
        let current = try store.credentials(ofUser: "u1")
        if case .rejected = try totp.verify(makeFactorContext(store: store, now: base, sealer: sealer), credentials: current,
                                            pending: nil, answer: .object(["code": .string("000000")])) { rejected += 1 }
    }
}
let rawTime = clock.measure {
    for index in 0..<iterations { _ = otp.code(secret: secret, counter: Int64(index)) }
}

print("## Factor plugins (factor-bench, release, in-memory credential store)\n")
print("| TOTP operation | per second | µs each |\n| --- | --- | --- |")
for (name, time) in [("code computation (HMAC-SHA1 + truncation)", rawTime), ("verification, accepted (open sealed secret, 3 candidate steps, versioned write)", totpTime),
                     ("verification, rejected", wrongTime)] {
    print("| \(name) | \(Int(Double(iterations) / seconds(time))) | \(String(format: "%.2f", seconds(time) / Double(iterations) * 1e6)) |")
}

// Recovery codes at the production cost (12): one redemption vs one bcrypt-12 verification, alternating.
let recovery = try RecoveryCodeFactor()
let recoveryStore = MemoryCredentialStore()
var generation = 0.0
var codes: [String] = []
for _ in 0..<2 {
    var issued: IssuedCredential?
    generation = seconds(try clock.measure {
        issued = try recovery.issue(makeFactorContext(store: recoveryStore, now: base, sealer: sealer),
                                    replacing: try recoveryStore.credentials(ofUser: "u1"))
    })
    if case .array(let items)? = issued?.response["recovery_codes"] { codes = items.compactMap(\.stringValue) }
}
let reference = try Bcrypt.hash(password: SecretBytes(utf8: "reference-password"), cost: 12)
var redemptions: [Double] = [], verifications: [Double] = []
for code in codes.prefix(7) {
    verifications.append(seconds(try clock.measure { _ = try Bcrypt.verify(password: SecretBytes(utf8: "reference-password"), against: reference) }))
    redemptions.append(seconds(try clock.measure {
        let current = try recoveryStore.credentials(ofUser: "u1")
        guard case .accepted = try recovery.verify(makeFactorContext(store: recoveryStore, now: base, sealer: sealer), credentials: current,
                                                   pending: nil, answer: .object(["code": .string(code)])) else { fatalError("refused") }
    }))
}
print("\n| recovery codes (bcrypt cost 12) | median of 7 | \n| --- | --- |")
print("| one bcrypt-12 verification | \(String(format: "%.1f", median(verifications) * 1000)) ms |")
print("| one redemption (lookup id → one hash → verify → delete) | \(String(format: "%.1f", median(redemptions) * 1000)) ms |")
print("| generating ten (hashes on 2 cores in parallel) | \(String(format: "%.0f", generation * 1000)) ms |")
print("\nratio redemption / one bcrypt-12 verification: \(String(format: "%.2f", median(redemptions) / median(verifications))) (ten verifications would be 10)")
