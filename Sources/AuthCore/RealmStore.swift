/// A realm's users.
public protocol UserStore: Sendable {
    /// Inserts a user; throws `.conflict` when the username is taken (case-insensitive).
    func insertUser(_ user: User) throws
    /// The user with this username (case-insensitive), if any.
    func user(named username: String) throws -> User?
    /// The user with this id, if any.
    func user(id: String) throws -> User?
    /// Every user, by username.
    func users() throws -> [User]
    /// Writes changed fields (roles, disabled, email, password hash); throws `.notFound`.
    func updateUser(_ user: User) throws
    /// Deletes a user and everything that belongs to them; throws `.notFound`.
    func deleteUser(id: String) throws
}

/// A realm's enrolled factors and the single-use secrets some factors keep apart (recovery codes).
public protocol CredentialStore: Sendable {
    /// Every credential of a user, oldest first.
    func credentials(ofUser userID: String) throws -> [FactorCredential]
    /// One credential, if it exists.
    func credential(id: String) throws -> FactorCredential?
    /// The credential of `kind` whose authenticator-chosen id is `externalID` (a WebAuthn credential id), if any.
    func credential(kind: String, externalID: String) throws -> FactorCredential?
    /// Every credential of one kind in the realm (e.g. to act on a model the metadata now refuses).
    func credentials(ofKind kind: String) throws -> [FactorCredential]
    /// Inserts a credential (and its single-use secrets) in one transaction; `.conflict` when its
    /// `externalID` is already registered for that kind in the realm.
    func insertCredential(_ credential: FactorCredential, secrets: [(lookup: String, value: String)]) throws
    /// Replaces `data` only when the stored version is still `expectedVersion`; false when another write won.
    func updateCredentialData(id: String, expectedVersion: Int64, data: [UInt8], usedAt: Int64?) throws -> Bool
    /// Sets a credential's status (`active`, `untrusted`, …) and bumps its version, so a version-checked write
    /// of a reader that saw the old status fails.
    func setCredentialStatus(id: String, status: String) throws
    /// Deletes one of the user's credentials, unless that would leave the user without a credential
    /// of a `primaryKinds` kind; false when refused (nothing deleted). Throws `.notFound` for another user's id.
    func deleteCredential(id: String, userID: String, keepingOneOf primaryKinds: [String]) throws -> Bool
    /// The stored value of a single-use secret, looked up by its non-secret identifier.
    func secret(credentialID: String, lookup: String) throws -> String?
    /// Deletes a single-use secret; true for exactly one caller when several race.
    func consumeSecret(credentialID: String, lookup: String) throws -> Bool
    /// How many single-use secrets remain.
    func secretCount(credentialID: String) throws -> Int
    /// Replaces every single-use secret of a credential in one transaction.
    func replaceSecrets(credentialID: String, secrets: [(lookup: String, value: String)]) throws
}

/// Sign-in, step-up and enrolment flows in progress.
public protocol FlowStore: Sendable {
    /// Stores a new flow.
    func insertFlow(_ flow: Flow) throws
    /// The flow whose id hashes to `idHash`, if any.
    func flow(idHash: String) throws -> Flow?
    /// Writes a flow only when its stored version is still `flow.version - 1`; false when another write won.
    func updateFlow(_ flow: Flow) throws -> Bool
    /// Deletes a flow; true for exactly one caller when several race (this is how a flow is consumed).
    func consumeFlow(idHash: String) throws -> Bool
    /// Sweeps expired flows in one transaction: deletes those expired at or before `deleteBefore`, and empties the
    /// pending state (challenges, enrolment secrets) of those expired at or before `now`, which are kept only to
    /// answer `flow_expired`.
    func sweepFlows(now: Int64, deleteBefore: Int64) throws
}

/// Sessions and their refresh tokens.
public protocol SessionStore: Sendable {
    /// Stores a session with its first refresh token.
    func insertSession(_ session: Session, refreshTokenHash: String, refreshExpiresAt: Int64) throws
    /// The session, if any.
    func session(id: String) throws -> Session?
    /// Records a fresh step-up on a session.
    func setMFAVerified(sessionID: String, at: Int64) throws
    /// Revokes a session (and so its refresh tokens).
    func revokeSession(id: String, at: Int64) throws
    /// Revokes every session of a user (disabling them); returns how many were active.
    func revokeSessions(ofUser userID: String, at: Int64) throws -> Int
    /// Rotates a refresh token: marks `hash` used and stores `newHash`, atomically.
    func rotateRefreshToken(hash: String, newHash: String, newExpiresAt: Int64, now: Int64) throws -> RefreshRotation
    /// The session a refresh token belongs to, when the token exists.
    func sessionID(refreshTokenHash: String) throws -> String?
}

/// The outcome of presenting a refresh token.
public enum RefreshRotation: Sendable, Equatable {
    /// Rotated: the session it belongs to.
    case rotated(sessionID: String)
    /// The token was already used: its session must be revoked (reuse of a stolen token).
    case reused(sessionID: String)
    /// Unknown or expired.
    case invalid
}

/// A realm's token-signing keys.
public protocol SigningKeyStore: Sendable {
    /// Every key, newest first.
    func signingKeys() throws -> [SigningKeyRecord]
    /// Stores a new key.
    func insertSigningKey(_ key: SigningKeyRecord) throws
    /// Writes a key's state and dates. A revoked key stays revoked: a write from an instance that read the key
    /// before it was revoked changes nothing. Throws `.notFound` for an unknown kid.
    func updateSigningKey(_ key: SigningKeyRecord) throws
}

/// The realm's append-only audit chain.
public protocol AuditStore: Sendable {
    /// Appends an event, chaining it to the last record's hash; returns the stored record.
    @discardableResult func appendAudit(_ event: SecurityEvent) throws -> AuditRecord
    /// Every record in sequence order.
    func auditRecords() throws -> [AuditRecord]
}

/// Everything AuthCore keeps in one realm's store.
public typealias RealmStore = UserStore & CredentialStore & FlowStore & SessionStore & SigningKeyStore & AuditStore
