@testable import AuthCore
import Cryptography
import Synchronization
import Testing
import Workers

@Suite("Passwords")
struct PasswordHasherTests {
    static let pool = WorkerPool(name: "test-hashing", threads: 2, queueLimit: 16)
    static let small = Argon2id.Parameters(memoryKiB: 8192, iterations: 1, parallelism: 1)

    @Test func argon2idRoundTripWithoutRehash() throws {
        let hasher = try PasswordHasher(parameters: Self.small, pool: Self.pool)
        let hash = try hasher.hash(SecretBytes(utf8: "correct horse battery"))
        #expect(hash.hasPrefix("$argon2id$v=19$m=8192,t=1,p=1$"))
        let outcome = try hasher.verify(SecretBytes(utf8: "correct horse battery"), against: hash)
        #expect(outcome.matched && outcome.rehash == nil)
        #expect(try !hasher.verify(SecretBytes(utf8: "correct horse batterY"), against: hash).matched)
    }

    @Test func changedParametersRehashOnSuccess() throws {
        let old = try PasswordHasher(parameters: Self.small, pool: Self.pool).hash(SecretBytes(utf8: "correct horse battery"))
        let stronger = try PasswordHasher(parameters: Argon2id.Parameters(memoryKiB: 9216, iterations: 2, parallelism: 1), pool: Self.pool)
        let outcome = try stronger.verify(SecretBytes(utf8: "correct horse battery"), against: old)
        #expect(outcome.matched)
        let rehash = try #require(outcome.rehash)
        #expect(rehash.hasPrefix("$argon2id$v=19$m=9216,t=2,p=1$"))
        #expect(try !stronger.verify(SecretBytes(utf8: "wrong password!!"), against: old).matched)
    }

    @Test func importedBcryptVerifiesAndIsRehashed() throws {
        let imported = try Bcrypt.hash(password: SecretBytes(utf8: "imported password"), cost: 4)
        let hasher = try PasswordHasher(parameters: Self.small, pool: Self.pool)
        let outcome = try hasher.verify(SecretBytes(utf8: "imported password"), against: imported)
        #expect(outcome.matched)
        #expect(outcome.rehash?.hasPrefix("$argon2id$") == true)
        #expect(try !hasher.verify(SecretBytes(utf8: "other password"), against: imported).matched)
    }

    @Test func unknownUserIsCheckedAgainstTheDummyAndFails() throws {
        let hasher = try PasswordHasher(parameters: Self.small, pool: Self.pool)
        #expect(try !hasher.verify(SecretBytes(utf8: "correct horse battery"), against: nil).matched)
        #expect(try !hasher.verify(SecretBytes(utf8: "correct horse battery"), against: "not a hash").matched)
    }

    @Test(arguments: [(11, false), (12, true), (256, true), (257, false)])
    func lengthRule(length: Int, valid: Bool) {
        let password = SecretBytes(utf8: String(repeating: "é", count: length))  // characters, not bytes
        if valid {
            #expect(throws: Never.self) { try PasswordHasher.validate(password) }
        } else {
            #expect(throws: AuthError.self) { try PasswordHasher.validate(password) }
        }
    }
}

@Suite("Login throttle")
struct LoginThrottleTests {
    final class Clock: Sendable {
        let now = Mutex(1_000.0)
        func advance(_ seconds: Double) { now.withLock { $0 += seconds } }
    }

    @Test func growingDelayThenLockForThePairOnly() {
        let clock = Clock()
        let throttle = LoginThrottle(clock: { clock.now.withLock { $0 } })
        for _ in 0..<3 { throttle.recordFailure(account: "acme|ann", address: "198.51.100.1") }
        #expect(throttle.check(account: "acme|ann", address: "198.51.100.1") == .refused(retryAfter: 1, locked: false))
        clock.advance(1)
        #expect(throttle.check(account: "acme|ann", address: "198.51.100.1") == .allowed)
        for _ in 0..<7 { throttle.recordFailure(account: "acme|ann", address: "198.51.100.1") }
        guard case .refused(let retry, let locked) = throttle.check(account: "acme|ann", address: "198.51.100.1") else {
            Issue.record("ten failures from one address must lock that address out")
            return
        }
        #expect(locked && retry == 900)
        // The victim, from another address, is only delayed (the account-wide delay starts at 20 failures).
        #expect(throttle.check(account: "acme|ann", address: "203.0.113.9") == .allowed)
        // A success from elsewhere clears the account-wide counter but not the attacker's lock.
        throttle.recordSuccess(account: "acme|ann", address: "203.0.113.9")
        if case .refused(_, let stillLocked) = throttle.check(account: "acme|ann", address: "198.51.100.1") { #expect(stillLocked) }
        else { Issue.record("the attacker's pair lock must survive the victim's success") }
    }

    @Test func accountWideDelayIsCappedAndNeverALock() {
        let clock = Clock()
        let throttle = LoginThrottle(clock: { clock.now.withLock { $0 } })
        for index in 0..<40 { throttle.recordFailure(account: "acme|bo", address: "10.0.\(index / 250).\(index % 250)") }
        guard case .refused(let retry, let locked) = throttle.check(account: "acme|bo", address: "192.0.2.77") else {
            Issue.record("40 failures across addresses must delay the account")
            return
        }
        #expect(!locked)
        #expect(retry <= 30)
        clock.advance(30)
        #expect(throttle.check(account: "acme|bo", address: "192.0.2.77") == .allowed)
    }

    @Test func sprayingFromOneAddressLocksThatAddress() {
        let clock = Clock()
        let throttle = LoginThrottle(clock: { clock.now.withLock { $0 } })
        for index in 0..<50 { throttle.recordFailure(account: "acme|user\(index)", address: "198.51.100.66") }
        #expect(throttle.check(account: "acme|someone-new", address: "198.51.100.66") == .refused(retryAfter: 900, locked: true))
        #expect(throttle.check(account: "acme|someone-new", address: "198.51.100.67") == .allowed)
        clock.advance(901)
        #expect(throttle.check(account: "acme|someone-new", address: "198.51.100.66") == .allowed)
    }
}
