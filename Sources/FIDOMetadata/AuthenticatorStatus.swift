/// An MDS3 `AuthenticatorStatus` value; unknown values are kept as they are (they never refuse by default).
public struct AuthenticatorStatus: Sendable, Hashable, CustomStringConvertible {
    /// The wire string, e.g. `FIDO_CERTIFIED_L1`.
    public let rawValue: String

    /// Wraps a wire string.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// Not certified by the FIDO Alliance.
    public static let notFIDOCertified = AuthenticatorStatus("NOT_FIDO_CERTIFIED")
    /// Certified (legacy, counts as level 1).
    public static let fidoCertified = AuthenticatorStatus("FIDO_CERTIFIED")
    /// The user-verification method can be bypassed.
    public static let userVerificationBypass = AuthenticatorStatus("USER_VERIFICATION_BYPASS")
    /// An attestation key is compromised (possibly scoped to one certificate).
    public static let attestationKeyCompromise = AuthenticatorStatus("ATTESTATION_KEY_COMPROMISE")
    /// User keys can be extracted remotely.
    public static let userKeyRemoteCompromise = AuthenticatorStatus("USER_KEY_REMOTE_COMPROMISE")
    /// User keys can be extracted with physical access.
    public static let userKeyPhysicalCompromise = AuthenticatorStatus("USER_KEY_PHYSICAL_COMPROMISE")
    /// A firmware update is available.
    public static let updateAvailable = AuthenticatorStatus("UPDATE_AVAILABLE")
    /// The FIDO Alliance revoked the model; it must not be trusted.
    public static let revoked = AuthenticatorStatus("REVOKED")
    /// The vendor submitted a self-assertion.
    public static let selfAssertionSubmitted = AuthenticatorStatus("SELF_ASSERTION_SUBMITTED")
    /// Certified at level 1.
    public static let fidoCertifiedL1 = AuthenticatorStatus("FIDO_CERTIFIED_L1")
    /// Certified at level 1+.
    public static let fidoCertifiedL1plus = AuthenticatorStatus("FIDO_CERTIFIED_L1plus")
    /// Certified at level 2.
    public static let fidoCertifiedL2 = AuthenticatorStatus("FIDO_CERTIFIED_L2")
    /// Certified at level 2+.
    public static let fidoCertifiedL2plus = AuthenticatorStatus("FIDO_CERTIFIED_L2plus")
    /// Certified at level 3.
    public static let fidoCertifiedL3 = AuthenticatorStatus("FIDO_CERTIFIED_L3")
    /// Certified at level 3+.
    public static let fidoCertifiedL3plus = AuthenticatorStatus("FIDO_CERTIFIED_L3plus")

    /// The statuses that refuse a model unless a policy says otherwise.
    public static let defaultRefusing: Set<AuthenticatorStatus> = [
        .revoked, .attestationKeyCompromise, .userVerificationBypass, .userKeyRemoteCompromise, .userKeyPhysicalCompromise,
    ]

    /// The certification level this status certifies, or nil when it is not a certification status.
    public var certificationLevel: CertificationLevel? {
        switch rawValue {
        case "FIDO_CERTIFIED", "FIDO_CERTIFIED_L1": .l1
        case "FIDO_CERTIFIED_L1plus": .l1plus
        case "FIDO_CERTIFIED_L2": .l2
        case "FIDO_CERTIFIED_L2plus": .l2plus
        case "FIDO_CERTIFIED_L3": .l3
        case "FIDO_CERTIFIED_L3plus": .l3plus
        default: nil
        }
    }

    /// The wire string.
    public var description: String { rawValue }
}

/// A FIDO certification level, ordered; `.none` means not certified.
public enum CertificationLevel: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    /// Not certified (or only self-asserted).
    case none = 0
    /// FIDO_CERTIFIED_L1 (and legacy FIDO_CERTIFIED).
    case l1
    /// FIDO_CERTIFIED_L1plus.
    case l1plus
    /// FIDO_CERTIFIED_L2.
    case l2
    /// FIDO_CERTIFIED_L2plus.
    case l2plus
    /// FIDO_CERTIFIED_L3.
    case l3
    /// FIDO_CERTIFIED_L3plus.
    case l3plus

    /// Parses a configuration name: `none` or a status such as `FIDO_CERTIFIED_L2`.
    public init?(name: String) {
        if name == "none" || name == "NOT_FIDO_CERTIFIED" { self = .none; return }
        guard let level = AuthenticatorStatus(name).certificationLevel else { return nil }
        self = level
    }

    /// Orders by level.
    public static func < (lhs: CertificationLevel, rhs: CertificationLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The configuration name (`none`, `FIDO_CERTIFIED_L1`, …).
    public var description: String {
        switch self {
        case .none: "none"
        case .l1: "FIDO_CERTIFIED_L1"
        case .l1plus: "FIDO_CERTIFIED_L1plus"
        case .l2: "FIDO_CERTIFIED_L2"
        case .l2plus: "FIDO_CERTIFIED_L2plus"
        case .l3: "FIDO_CERTIFIED_L3"
        case .l3plus: "FIDO_CERTIFIED_L3plus"
        }
    }
}
