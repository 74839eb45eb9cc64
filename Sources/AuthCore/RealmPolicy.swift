/// What a realm allows and requires. One policy shape serves `platform` and every tenant.
public struct RealmPolicy: Sendable, Equatable {
    /// Factor kinds users of this realm may use (nil: every registered kind).
    public var allowedFactors: [String]?
    /// Whether a second factor is required before any token is issued (default: yes, everywhere).
    public var secondFactorRequired = true
    /// Factor kinds that may serve step-up (nil: every allowed kind whose plugin can).
    public var stepUpFactors: [String]?
    /// Whether users may sign in with a passkey alone (no username, no password; the passkey must verify the
    /// user, so it proves two factors). Off by default: a password and a second factor, everywhere.
    public var passwordless = false
    /// Seconds a flow (sign-in, step-up, enrolment) lives.
    public var flowLifetimeSeconds: Int64 = 300
    /// Factor answers a flow accepts before it is spent.
    public var flowMaxAttempts = 5
    /// Access-token lifetime.
    public var accessTokenSeconds: Int64 = 300
    /// Refresh-token lifetime (each rotation starts a new one, within the session's life).
    public var refreshTokenSeconds: Int64 = 8 * 3600
    /// Session lifetime: refresh stops working after this.
    public var sessionSeconds: Int64 = 12 * 3600
    /// The JWS algorithm of new signing keys: `ES256` (default) or `EdDSA`.
    public var signingAlgorithm = "ES256"
    /// Days between scheduled signing-key rotations.
    public var keyRotationDays: Int64 = 90
    /// Days before activation that the next key is published.
    public var keyStagingDays: Int64 = 7
    /// The maximum MFA age per sensitive operation (seconds; 0 = always re-assert).
    public var stepUpMaxAge: [String: Int64] = SensitiveOperation.defaultMaxAges

    /// The defaults.
    public init() {}

    /// Whether a kind may be used in this realm.
    public func allows(_ kind: String) -> Bool {
        allowedFactors?.contains(kind) ?? true
    }

    /// Whether a kind may serve step-up here, given what its plugin declares.
    public func allowsStepUp(_ descriptor: FactorDescriptor) -> Bool {
        guard allows(descriptor.kind) else { return false }
        if let stepUpFactors { return stepUpFactors.contains(descriptor.kind) }
        return descriptor.stepUpCapable
    }

    /// The maximum MFA age for an operation (300 s when the operation is not listed).
    public func maxMFAAge(for operation: String) -> Int64 {
        stepUpMaxAge[operation] ?? 300
    }
}

/// Operations that need a fresh second factor (RFC 9470 step-up); stable wire names.
public enum SensitiveOperation {
    public static let impersonate = "impersonate"
    public static let federationKeysManage = "federation.keys.manage"
    public static let factorsDelete = "factors.delete"
    public static let recoveryCodesRegenerate = "recovery_codes.regenerate"
    public static let factorsEnroll = "factors.enroll"
    public static let usersManage = "users.manage"

    /// 300 s for each.
    public static let defaultMaxAges: [String: Int64] = [
        impersonate: 300, federationKeysManage: 300, factorsDelete: 300, recoveryCodesRegenerate: 300,
        factorsEnroll: 300, usersManage: 300,
    ]
}
