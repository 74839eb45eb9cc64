import Cryptography
import JOSE
import Synchronization

/// A realm's signing keys through `staged → active → superseded → revoked`.
///
/// The first use creates an active key. Each rotation period the next key is staged (published
/// in the JWKS) `keyStagingDays` before it becomes active; the key it replaces is superseded and
/// stays published until every token it signed has expired, then it is retired (`revoked`).
/// Private halves are sealed with the realm's sealer; opened keys are cached for a few seconds.
public final class SigningKeyManager: Sendable {
    struct Cached {
        var loadedAt: Int64
        var records: [SigningKeyRecord]
        var opened: [String: SigningKey]
    }

    private let cache = Mutex<[String: Cached]>([:])
    private let environment: AuthEnvironment
    /// Seconds a loaded key set is reused before the store is read again (other instances may rotate).
    public let reloadSeconds: Int64 = 10

    /// A manager reading time from `environment`.
    public init(environment: AuthEnvironment) {
        self.environment = environment
    }

    /// The active key (after applying due transitions).
    func activeKey(_ realm: RealmContext) throws -> (record: SigningKeyRecord, key: SigningKey) {
        let cached = try load(realm)
        guard let record = cached.records.first(where: { $0.state == .active }), let key = cached.opened[record.kid] else {
            throw AuthError(.unavailable, "the realm has no active signing key")
        }
        return (record, key)
    }

    /// The keys published in the realm's JWKS: staged, active and superseded.
    public func publishedKeys(_ realm: RealmContext) throws -> JWKSet {
        let cached = try load(realm)
        let keys = try cached.records.filter { $0.state != .revoked }.compactMap { record -> JWK? in
            guard let key = cached.opened[record.kid] else { return nil }
            return try JWK(publicKey: key.publicKey, keyID: record.kid, algorithm: JWSAlgorithm(wireName: record.algorithm))
        }
        return try JWKSet(keys: keys)
    }

    /// The public key for a `kid` that may verify tokens (active or superseded; staged keys sign nothing yet).
    func verificationKey(_ realm: RealmContext, kid: String) throws -> (PublicKey, JWSAlgorithm)? {
        var cached = try load(realm)
        if cached.records.first(where: { $0.kid == kid }) == nil, environment.now() - cached.loadedAt >= 2 {
            cached = try load(realm, force: true)  // another instance may have rotated; made-up kids cannot force reloads faster
        }
        guard let record = cached.records.first(where: { $0.kid == kid && ($0.state == .active || $0.state == .superseded) }),
              let key = cached.opened[kid] else { return nil }
        return (key.publicKey, try JWSAlgorithm(wireName: record.algorithm))
    }

    /// Every key of the realm, newest first (for `gatehouse keys list`).
    public func keys(_ realm: RealmContext) throws -> [SigningKeyRecord] {
        try load(realm, force: true).records
    }

    /// Makes a new key active now; the current one is superseded. Returns the new key's id.
    @discardableResult
    public func rotate(_ realm: RealmContext) throws -> String {
        let now = environment.now()
        var records = try realm.store.signingKeys()
        let created = try makeKey(realm, state: .active, activatesAt: now)
        for index in records.indices where records[index].state == .active || records[index].state == .staged {
            try supersede(&records[index], realm: realm, at: now)
        }
        try realm.store.insertSigningKey(created)
        try realm.emit(EventType.keyActivated, user: nil, client: nil, details: ["kid": created.kid, "reason": "forced"],
                       environment: environment)
        _ = try load(realm, force: true)
        return created.kid
    }

    /// Withdraws a key at once, for a key that may have leaked: it stops verifying and leaves the JWKS now, not
    /// when its last token expires (other instances follow within `reloadSeconds`). Revoking the active key
    /// makes a new one active first. Returns the id of the active key afterwards.
    @discardableResult
    public func revoke(_ realm: RealmContext, kid: String) throws -> String {
        guard let current = try realm.store.signingKeys().first(where: { $0.kid == kid }) else {
            throw AuthError(.notFound, "the realm has no signing key with that kid")
        }
        guard current.state != .revoked else { throw AuthError(.conflict, "the key is already revoked") }
        if current.state == .active { _ = try rotate(realm) }
        guard var record = try realm.store.signingKeys().first(where: { $0.kid == kid }) else {
            throw AuthError(.notFound, "the realm has no signing key with that kid")
        }
        let now = environment.now()
        record.state = .revoked
        record.retiresAt = now
        try realm.store.updateSigningKey(record)
        try realm.emit(EventType.keyRevoked, user: nil, client: nil, details: ["kid": kid, "was": current.state.rawValue],
                       environment: environment)
        _ = try load(realm, force: true)
        return try activeKey(realm).record.kid
    }

    // MARK: - Loading and scheduled transitions

    private func load(_ realm: RealmContext, force: Bool = false) throws -> Cached {
        let now = environment.now()
        if !force, let cached = cache.withLock({ $0[realm.id] }), now - cached.loadedAt < reloadSeconds { return cached }
        var records = try realm.store.signingKeys()
        if try advance(&records, realm: realm, now: now) { records = try realm.store.signingKeys() }
        var opened: [String: SigningKey] = [:]
        for record in records where record.state != .revoked {
            let der = try realm.sealer.open(record.sealedPrivateKey, context: "signing-key:" + record.kid)
            opened[record.kid] = try SigningKey(pkcs8DER: der)
        }
        let cached = Cached(loadedAt: now, records: records, opened: opened)
        cache.withLock { $0[realm.id] = cached }
        return cached
    }

    /// Applies the transitions that are due; returns whether anything changed.
    private func advance(_ records: inout [SigningKeyRecord], realm: RealmContext, now: Int64) throws -> Bool {
        var changed = false
        let policy = realm.policy
        // Instances sharing a store may each create a key at the same moment: keep the newest
        // active key, supersede the others; keep the earliest staged key, retire the others
        // (staged keys never signed anything).
        let actives = records.indices.filter { records[$0].state == .active }
            .sorted { (records[$0].activatesAt, records[$0].kid) > (records[$1].activatesAt, records[$1].kid) }
        for index in actives.dropFirst() {
            try supersede(&records[index], realm: realm, at: now)
            changed = true
        }
        let staged = records.indices.filter { records[$0].state == .staged }
            .sorted { (records[$0].activatesAt, records[$0].kid) < (records[$1].activatesAt, records[$1].kid) }
        for index in staged.dropFirst() {
            records[index].state = .revoked
            try realm.store.updateSigningKey(records[index])
            changed = true
        }
        if changed { return true }
        guard var active = records.first(where: { $0.state == .active }) else {
            if let staged = records.firstIndex(where: { $0.state == .staged }) {
                records[staged].state = .active
                records[staged].activatesAt = now
                try realm.store.updateSigningKey(records[staged])
            } else {
                let first = try makeKey(realm, state: .active, activatesAt: now)
                try realm.store.insertSigningKey(first)
                try realm.emit(EventType.keyActivated, user: nil, client: nil, details: ["kid": first.kid, "reason": "first key"],
                               environment: environment)
            }
            return true
        }
        let nextActivation = active.activatesAt + policy.keyRotationDays * 86_400
        if let index = records.firstIndex(where: { $0.state == .staged }) {
            if records[index].activatesAt <= now {
                try supersede(&active, realm: realm, at: now)
                records[index].state = .active
                try realm.store.updateSigningKey(records[index])
                try realm.emit(EventType.keyActivated, user: nil, client: nil, details: ["kid": records[index].kid, "reason": "scheduled"],
                               environment: environment)
                changed = true
            }
        } else if now >= nextActivation - policy.keyStagingDays * 86_400 {
            let staged = try makeKey(realm, state: .staged, activatesAt: max(now, nextActivation))
            try realm.store.insertSigningKey(staged)
            try realm.emit(EventType.keyStaged, user: nil, client: nil, details: ["kid": staged.kid], environment: environment)
            changed = true
        }
        for index in records.indices where records[index].state == .superseded {
            if let retires = records[index].retiresAt, retires <= now {
                records[index].state = .revoked
                try realm.store.updateSigningKey(records[index])
                try realm.emit(EventType.keyRetired, user: nil, client: nil, details: ["kid": records[index].kid], environment: environment)
                changed = true
            }
        }
        return changed
    }

    private func supersede(_ record: inout SigningKeyRecord, realm: RealmContext, at now: Int64) throws {
        record.state = .superseded
        record.supersededAt = now
        record.retiresAt = now + realm.policy.accessTokenSeconds + 60
        try realm.store.updateSigningKey(record)
        try realm.emit(EventType.keySuperseded, user: nil, client: nil, details: ["kid": record.kid], environment: environment)
    }

    private func makeKey(_ realm: RealmContext, state: SigningKeyRecord.State, activatesAt: Int64) throws -> SigningKeyRecord {
        let algorithm = try JWSAlgorithm(wireName: realm.policy.signingAlgorithm)
        let key = try SigningKey.generate(algorithm.signatureAlgorithm)
        let kid = try JWK(publicKey: key.publicKey, keyID: nil).thumbprint()
        let sealed = try realm.sealer.seal(try key.pkcs8DER(), context: "signing-key:" + kid)
        return SigningKeyRecord(kid: kid, algorithm: algorithm.wireName, state: state, sealedPrivateKey: sealed,
                                createdAt: environment.now(), activatesAt: activatesAt)
    }
}
