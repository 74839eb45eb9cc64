import AuthCore
import Cryptography
import Synchronization

/// An in-memory `CredentialStore` with the same single-winner semantics as the SQL stores, for plugin unit tests.
public final class MemoryCredentialStore: CredentialStore {
    private struct State {
        var credentials: [String: FactorCredential] = [:]
        var order: [String] = []
        var secrets: [String: [String: String]] = [:]
    }
    private let state = Mutex(State())

    /// An empty store.
    public init() {}

    public func credentials(ofUser userID: String) throws -> [FactorCredential] {
        state.withLock { state in state.order.compactMap { state.credentials[$0] }.filter { $0.userID == userID } }
    }

    public func credential(id: String) throws -> FactorCredential? {
        state.withLock { $0.credentials[id] }
    }

    public func credential(kind: String, externalID: String) throws -> FactorCredential? {
        state.withLock { $0.credentials.values.first { $0.kind == kind && $0.externalID == externalID } }
    }

    public func credentials(ofKind kind: String) throws -> [FactorCredential] {
        state.withLock { $0.credentials.values.filter { $0.kind == kind }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) } }
    }

    public func insertCredential(_ credential: FactorCredential, secrets: [(lookup: String, value: String)]) throws {
        try state.withLock { state in
            guard state.credentials[credential.id] == nil else { throw AuthError(.conflict, "duplicate credential") }
            state.credentials[credential.id] = credential
            state.order.append(credential.id)
            state.secrets[credential.id] = Dictionary(secrets.map { ($0.lookup, $0.value) }) { $1 }
        }
    }

    public func updateCredentialData(id: String, expectedVersion: Int64, data: [UInt8], usedAt: Int64?) throws -> Bool {
        state.withLock { state in
            guard var credential = state.credentials[id], credential.version == expectedVersion else { return false }
            credential.data = data
            credential.version += 1
            if let usedAt { credential.lastUsedAt = usedAt }
            state.credentials[id] = credential
            return true
        }
    }

    public func setCredentialStatus(id: String, status: String) throws {
        state.withLock { state in
            state.credentials[id]?.status = status
            state.credentials[id]?.version += 1
        }
    }

    public func deleteCredential(id: String, userID: String, keepingOneOf primaryKinds: [String]) throws -> Bool {
        state.withLock { state in
            state.credentials[id] = nil
            state.order.removeAll { $0 == id }
            state.secrets[id] = nil
            return true
        }
    }

    public func secret(credentialID: String, lookup: String) throws -> String? {
        state.withLock { $0.secrets[credentialID]?[lookup] }
    }

    public func consumeSecret(credentialID: String, lookup: String) throws -> Bool {
        state.withLock { $0.secrets[credentialID]?.removeValue(forKey: lookup) != nil }
    }

    public func secretCount(credentialID: String) throws -> Int {
        state.withLock { $0.secrets[credentialID]?.count ?? 0 }
    }

    public func replaceSecrets(credentialID: String, secrets: [(lookup: String, value: String)]) throws {
        try state.withLock { state in
            guard state.credentials[credentialID] != nil else { throw AuthError(.notFound, "no such credential") }
            state.secrets[credentialID] = Dictionary(secrets.map { ($0.lookup, $0.value) }) { $1 }
        }
    }
}

/// A random source that replays fixed bytes, then counts up (deterministic tests).
public struct FixedRandom: RandomSource {
    private let seed: UInt8
    /// A source whose bytes derive from `seed`.
    public init(seed: UInt8) { self.seed = seed }
    public func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        for index in buffer.indices { buffer[index] = seed &+ UInt8(truncatingIfNeeded: index) }
    }
}

/// A plugin context over `store` at time `now`, recording reported events into `events`.
public func makeFactorContext(store: MemoryCredentialStore, now: Int64, user: String = "u1", realm: String = "acme",
                              sealer: SecretSealer, events: EventLog = EventLog()) -> FactorContext {
    FactorContext(realm: realm, userID: user, username: user + "@example.org", issuer: "https://id.example/realms/\(realm)",
                  credentials: store, sealer: sealer, now: now, random: SystemRandom()) { type, details in
        events.append(type, details)
    }
}

/// Events a plugin reported.
public final class EventLog: Sendable {
    private let storage = Mutex<[(String, [String: String])]>([])
    /// An empty log.
    public init() {}
    func append(_ type: String, _ details: [String: String]) { storage.withLock { $0.append((type, details)) } }
    /// The types, in order.
    public var types: [String] { storage.withLock { $0.map(\.0) } }
    /// Every event.
    public var entries: [(String, [String: String])] { storage.withLock { $0 } }
}

/// A sealer over a fresh random key.
public func makeSealer() throws -> SecretSealer {
    try SecretSealer(key: SecretBytes(randomCount: 32))
}
