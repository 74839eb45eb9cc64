/// The flags byte of authenticator data (§6.1).
public struct AuthenticatorFlags: OptionSet, Sendable, Hashable {
    /// The raw flags byte.
    public let rawValue: UInt8
    /// Creates flags from the raw byte.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// User present (bit 0).
    public static let userPresent = AuthenticatorFlags(rawValue: 0x01)
    /// User verified (bit 2).
    public static let userVerified = AuthenticatorFlags(rawValue: 0x04)
    /// Backup eligible (bit 3).
    public static let backupEligible = AuthenticatorFlags(rawValue: 0x08)
    /// Backup state (bit 4).
    public static let backupState = AuthenticatorFlags(rawValue: 0x10)
    /// Attested credential data included (bit 6).
    public static let attestedCredentialData = AuthenticatorFlags(rawValue: 0x40)
    /// Extension data included (bit 7).
    public static let extensionData = AuthenticatorFlags(rawValue: 0x80)
}
