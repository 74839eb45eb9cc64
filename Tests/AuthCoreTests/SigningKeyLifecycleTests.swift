@testable import AuthCore
import AuthStorage
import Cryptography
import JOSE
import SQLiteStorage
import Synchronization
import Testing

@Suite("Signing keys: staged → active → superseded → revoked")
struct SigningKeyLifecycleTests {
    final class Clock: Sendable {
        let now = Mutex<Int64>(1_700_000_000)
        func advance(days: Int64) { now.withLock { $0 += days * 86_400 } }
    }

    struct NoEvents: EventSink { func record(_ event: SecurityEvent) {} }

    func realm(policy: RealmPolicy = RealmPolicy()) throws -> RealmContext {
        let store = try SQLRealmStore.migrated(try SQLiteDatabase.temporary())
        return RealmContext(id: "acme", issuer: "https://id.example/realms/acme", policy: policy, store: store,
                            sealer: try SecretSealer(key: SecretBytes(randomCount: 32)))
    }

    @Test func quarterlyRotationStagesAWeekAheadAndRetiresAfterTokensExpire() throws {
        let clock = Clock()
        let environment = AuthEnvironment(now: { clock.now.withLock { $0 } }, events: NoEvents())
        let keys = SigningKeyManager(environment: environment)
        let realm = try realm()
        let first = try keys.activeKey(realm).record
        #expect(first.state == .active)
        #expect(try keys.publishedKeys(realm).keys.map(\.keyID) == [first.kid])

        clock.advance(days: 82)  // 90 - 7 - 1: nothing staged yet
        _ = try keys.keys(realm)
        #expect(try keys.keys(realm).filter { $0.state == .staged }.isEmpty)
        clock.advance(days: 1)   // day 83: the next key is staged and published, not used
        let staged = try #require(try keys.keys(realm).first { $0.state == .staged })
        #expect(staged.activatesAt == first.activatesAt + 90 * 86_400)
        #expect(Set(try keys.publishedKeys(realm).keys.compactMap(\.keyID)) == [first.kid, staged.kid])
        #expect(try keys.activeKey(realm).record.kid == first.kid)

        clock.advance(days: 7)   // day 90: the staged key becomes active; the old one is superseded but published
        _ = try keys.keys(realm)
        #expect(try keys.activeKey(realm).record.kid == staged.kid)
        let superseded = try #require(try keys.keys(realm).first { $0.kid == first.kid })
        #expect(superseded.state == .superseded)
        #expect(Set(try keys.publishedKeys(realm).keys.compactMap(\.keyID)) == [first.kid, staged.kid])

        clock.advance(days: 1)   // its tokens (5 minutes) have long expired: retired, no longer published
        _ = try keys.keys(realm)
        #expect(try keys.keys(realm).first { $0.kid == first.kid }?.state == .revoked)
        #expect(try keys.publishedKeys(realm).keys.compactMap(\.keyID) == [staged.kid])
    }

    @Test func forcedRotationSupersedesAtOnceAndEdDSAIsSelectable() throws {
        let clock = Clock()
        let keys = SigningKeyManager(environment: AuthEnvironment(now: { clock.now.withLock { $0 } }, events: NoEvents()))
        var policy = RealmPolicy()
        policy.signingAlgorithm = "EdDSA"
        let realm = try realm(policy: policy)
        let before = try keys.activeKey(realm).record
        #expect(before.algorithm == "EdDSA")
        let after = try keys.rotate(realm)
        #expect(after != before.kid)
        #expect(try keys.keys(realm).first { $0.kid == before.kid }?.state == .superseded)
        #expect(try keys.activeKey(realm).record.kid == after)
        // Audit: every transition is recorded.
        let types = try realm.store.auditRecords().map(\.event.type)
        #expect(types.contains(EventType.keyActivated) && types.contains(EventType.keySuperseded))
    }

    @Test func revokingWithdrawsAKeyAtOnceAndAnActiveOneIsReplacedFirst() throws {
        let clock = Clock()
        let keys = SigningKeyManager(environment: AuthEnvironment(now: { clock.now.withLock { $0 } }, events: NoEvents()))
        let realm = try realm()
        let first = try keys.activeKey(realm).record.kid
        let second = try keys.rotate(realm)  // `first` is superseded: it would verify its tokens for 6 more minutes
        #expect(try keys.verificationKey(realm, kid: first) != nil)
        #expect(try keys.revoke(realm, kid: first) == second)
        #expect(try keys.verificationKey(realm, kid: first) == nil, "a revoked key verifies nothing from now on")
        #expect(try keys.publishedKeys(realm).keys.compactMap(\.keyID) == [second])
        // The active key: a new one takes over first, so the realm can still sign.
        let third = try keys.revoke(realm, kid: second)
        #expect(third != second && third != first)
        #expect(try keys.activeKey(realm).record.kid == third)
        #expect(try keys.keys(realm).first { $0.kid == second }?.state == .revoked)
        #expect(throws: AuthError(.conflict, "")) { try keys.revoke(realm, kid: second) }
        #expect(throws: AuthError(.notFound, "")) { try keys.revoke(realm, kid: "no-such-kid") }
        let revoked = try realm.store.auditRecords().filter { $0.event.type == EventType.keyRevoked }
        #expect(revoked.map { $0.event.details["kid"] } == [first, second])
    }

    @Test func aKeySealedUnderAnotherKeyFailsClosed() throws {
        let clock = Clock()
        let keys = SigningKeyManager(environment: AuthEnvironment(now: { clock.now.withLock { $0 } }, events: NoEvents()))
        let realm = try realm()
        _ = try keys.activeKey(realm)
        let impostor = RealmContext(id: "acme", issuer: realm.issuer, policy: realm.policy, store: realm.store,
                                    sealer: try SecretSealer(key: SecretBytes(randomCount: 32)))
        let fresh = SigningKeyManager(environment: AuthEnvironment(now: { clock.now.withLock { $0 } }, events: NoEvents()))
        #expect(throws: (any Error).self) { _ = try fresh.activeKey(impostor) }
    }
}
