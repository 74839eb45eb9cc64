/// Something an auditor wants to see: a login, a failure, a lock, an enrolment, a token, a step-up.
public struct SecurityEvent: Sendable, Equatable {
    /// The event type: a stable wire identifier such as `login.succeeded` (see `EventType`).
    public let type: String
    /// The realm it happened in.
    public let realm: String
    /// The user concerned, when known.
    public let userID: String?
    /// The request that caused it.
    public let requestID: String?
    /// The client address.
    public let clientAddress: String?
    /// Non-secret details (factor kind, reason, key id, …).
    public let details: [String: String]
    /// When (Unix seconds).
    public let at: Int64

    /// An event value.
    public init(type: String, realm: String, userID: String? = nil, requestID: String? = nil, clientAddress: String? = nil,
                details: [String: String] = [:], at: Int64) {
        self.type = type
        self.realm = realm
        self.userID = userID
        self.requestID = requestID
        self.clientAddress = clientAddress
        self.details = details
        self.at = at
    }
}

/// The event type identifiers, one place each; never rename one silently.
public enum EventType {
    public static let loginSucceeded = "login.succeeded"
    public static let loginFailed = "login.failed"
    public static let loginThrottled = "login.throttled"
    public static let passwordRehashed = "password.rehashed"
    public static let factorVerified = "factor.verified"
    public static let factorRejected = "factor.rejected"
    public static let factorEnrolled = "factor.enrolled"
    public static let factorDeleted = "factor.deleted"
    /// A server-issued factor (recovery codes) was generated again, replacing the old set.
    public static let factorReissued = "factor.reissued"
    /// Two or fewer recovery codes remain after a redemption.
    public static let recoveryCodesLow = "recovery_codes.low"
    public static let flowRefused = "flow.refused"
    public static let tokenIssued = "token.issued"
    public static let tokenRefreshed = "token.refreshed"
    public static let tokenRefused = "token.refused"
    public static let clientRefused = "client.refused"
    public static let refreshTokenReused = "refresh_token.reused"
    public static let sessionRevoked = "session.revoked"
    public static let stepUpStarted = "step_up.started"
    public static let stepUpSucceeded = "step_up.succeeded"
    public static let stepUpRequired = "step_up.required"
    public static let userCreated = "user.created"
    public static let userDisabled = "user.disabled"
    public static let userDeleted = "user.deleted"
    public static let keyStaged = "signing_key.staged"
    public static let keyActivated = "signing_key.activated"
    public static let keySuperseded = "signing_key.superseded"
    public static let keyRetired = "signing_key.retired"
    public static let keyRevoked = "signing_key.revoked"
}

/// Where events go besides the audit chain (the JSON log by default).
public protocol EventSink: Sendable {
    /// Receives one event; must not throw or block for long.
    func record(_ event: SecurityEvent)
}
