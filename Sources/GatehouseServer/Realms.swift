import AuthCore
import AuthStorage
import Foundation
import Storage
import HTTPServer
import Synchronization

/// The realm directory: which realms exist (the master store's `realms` table), and each one's
/// store, policy, issuer and sealer. Existence is cached for a few seconds.
final class Realms: RealmDirectory {
    private let stores: Stores
    private let policy: @Sendable (String) -> RealmPolicy
    private let publicURL: String
    private let sealer: SecretSealer
    private let known = Mutex<[String: Double]>([:])
    private let cacheSeconds = 5.0

    init(stores: Stores, policy: @escaping @Sendable (String) -> RealmPolicy, publicURL: String, sealer: SecretSealer) {
        self.stores = stores
        self.policy = policy
        self.publicURL = publicURL
        self.sealer = sealer
    }

    func realm(_ id: String) throws -> RealmContext {
        guard let realmID = try? RealmID(id), try exists(realmID) else {
            throw AuthError(.unknownRealm, "no such realm")
        }
        return RealmContext(id: id, issuer: issuer(of: id), policy: policy(id),
                            store: SQLRealmStore(database: try stores.realms.store(for: realmID)), sealer: sealer)
    }

    /// `{public base}/realms/{realm}`.
    func issuer(of realm: String) -> String {
        publicURL + "/realms/" + realm
    }

    /// Adds a tenant realm to the directory and creates its store.
    func create(id: String, name: String, now: Int64) throws {
        guard let realmID = try? RealmID(id), realmID != .platform else {
            throw AuthError(.invalidInput, "a realm id is 1–63 characters of a-z, 0-9 and '-', starting with a letter or digit")
        }
        let displayName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(displayName.count) else { throw AuthError(.invalidInput, "a realm name has 1 to 200 characters") }
        try stores.createRealmStorage(realmID)
        do {
            try stores.master.transaction {
                try $0.execute("INSERT INTO realms (id, display_name, status, created_at) VALUES ($1, $2, 'active', $3)",
                               [.text(id), .text(displayName), .integer(now)])
            }
        } catch let error as StorageError where error.code == .uniqueViolation {
            throw AuthError(.conflict, "realm '\(id)' exists")
        }
        _ = try stores.realms.store(for: realmID)
    }

    /// Every realm: id, name, status.
    func list() throws -> [(id: String, name: String, status: String)] {
        try stores.master.read { try $0.query("SELECT id, display_name, status FROM realms ORDER BY id", []) }
            .map { (try $0.string("id"), try $0.string("display_name"), try $0.string("status")) }
    }

    private func exists(_ realm: RealmID) throws -> Bool {
        let now = Date().timeIntervalSince1970
        if let seen = known.withLock({ $0[realm.rawValue] }), now - seen < cacheSeconds { return true }
        let rows = try stores.master.read {
            try $0.query("SELECT 1 FROM realms WHERE id = $1 AND status = 'active'", [.text(realm.rawValue)])
        }
        guard !rows.isEmpty else { return false }
        known.withLock { $0[realm.rawValue] = now }
        return true
    }
}

/// Events as JSON log lines (the default sink besides the audit chain).
struct LogEventSink: EventSink {
    let log: @Sendable (String) -> Void

    func record(_ event: SecurityEvent) {
        var line = "{\"event\":\"security\",\"type\":" + JSONText.string(event.type) + ",\"realm\":" + JSONText.string(event.realm)
        line += ",\"at\":\(event.at)"
        if let user = event.userID { line += ",\"user\":" + JSONText.string(user) }
        if let request = event.requestID { line += ",\"request_id\":" + JSONText.string(request) }
        if let client = event.clientAddress { line += ",\"client\":" + JSONText.string(client) }
        for key in event.details.keys.sorted() { line += "," + JSONText.string(key) + ":" + JSONText.string(event.details[key]!) }
        log(line + "}")
    }
}
