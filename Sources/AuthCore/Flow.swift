/// One sign-in, step-up or enrolment attempt, from the password (the bearer token, or nothing for a passwordless
/// sign-in) to the token response.
public struct Flow: Sendable, Equatable, Codable {
    /// Why the flow exists.
    public enum Purpose: String, Sendable, Codable {
        case login
        case stepUp = "step_up"
        /// A signed-in user enrolling a factor outside a login flow.
        case enrollment
        /// A sign-in without a password: a factor that names its user (a passkey) answers alone.
        case passwordless
    }

    /// SHA-256 (hex) of the flow id; the id itself is a bearer secret and is never stored.
    public let idHash: String
    /// What the flow is for.
    public let purpose: Purpose
    /// The user signing in (nil in a passwordless flow until its answer names them).
    public let userID: String?
    /// The session a step-up refreshes (nil for a login).
    public let sessionID: String?
    /// When the flow began: the password was verified, or the step-up or passwordless sign-in started (Unix seconds).
    public let startedAt: Int64
    /// When the flow stops being usable (Unix seconds).
    public let expiresAt: Int64
    /// Factor answers tried so far (at most `FlowLimits.maxAttempts`).
    public var attempts: Int
    /// Per-kind state a plugin keeps between its challenge (or enrolment begin) and the answer.
    public var pending: [String: [UInt8]]
    /// Bumped on every write, so two requests cannot both advance the same flow.
    public var version: Int64

    /// A flow value.
    public init(idHash: String, purpose: Purpose, userID: String?, sessionID: String?, startedAt: Int64, expiresAt: Int64,
                attempts: Int = 0, pending: [String: [UInt8]] = [:], version: Int64 = 1) {
        self.idHash = idHash
        self.purpose = purpose
        self.userID = userID
        self.sessionID = sessionID
        self.startedAt = startedAt
        self.expiresAt = expiresAt
        self.attempts = attempts
        self.pending = pending
        self.version = version
    }
}

/// A signed-in session: what refresh tokens extend and step-ups refresh.
public struct Session: Sendable, Equatable {
    /// A random identifier (the token `sid`).
    public let id: String
    /// The user.
    public let userID: String
    /// When the user authenticated (the token `auth_time`).
    public let authTime: Int64
    /// The methods used (RFC 8176).
    public let amr: [String]
    /// The last successful second-factor or step-up verification (the token `mfaVerifiedAt`).
    public var mfaVerifiedAt: Int64?
    /// When the session ends at the latest.
    public let expiresAt: Int64
    /// When it was revoked, if it was.
    public var revokedAt: Int64?

    /// A session value.
    public init(id: String, userID: String, authTime: Int64, amr: [String], mfaVerifiedAt: Int64?, expiresAt: Int64, revokedAt: Int64? = nil) {
        self.id = id
        self.userID = userID
        self.authTime = authTime
        self.amr = amr
        self.mfaVerifiedAt = mfaVerifiedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// Whether the session can still be used at `now`.
    public func isActive(at now: Int64) -> Bool {
        revokedAt == nil && now < expiresAt
    }
}

/// A token-signing key and where it is in its life.
public struct SigningKeyRecord: Sendable, Equatable {
    /// The key's life: published before use, used, published until its tokens expire, withdrawn.
    public enum State: String, Sendable, Codable, CaseIterable {
        case staged, active, superseded, revoked
    }

    /// The key id (`kid`), its RFC 7638 thumbprint.
    public let kid: String
    /// The JWS algorithm (`ES256`, `EdDSA`).
    public let algorithm: String
    /// The state.
    public var state: State
    /// The PKCS#8 private key sealed with the realm's key-encryption key (AES-256-GCM, kid as AAD).
    public let sealedPrivateKey: [UInt8]
    /// When it was created (Unix seconds).
    public let createdAt: Int64
    /// When it becomes (or became) the signing key.
    public var activatesAt: Int64
    /// When it was superseded, if it was.
    public var supersededAt: Int64?
    /// When it stops being published (superseded: after its last token expires).
    public var retiresAt: Int64?

    /// A key record.
    public init(kid: String, algorithm: String, state: State, sealedPrivateKey: [UInt8], createdAt: Int64, activatesAt: Int64,
                supersededAt: Int64? = nil, retiresAt: Int64? = nil) {
        self.kid = kid
        self.algorithm = algorithm
        self.state = state
        self.sealedPrivateKey = sealedPrivateKey
        self.createdAt = createdAt
        self.activatesAt = activatesAt
        self.supersededAt = supersededAt
        self.retiresAt = retiresAt
    }
}
