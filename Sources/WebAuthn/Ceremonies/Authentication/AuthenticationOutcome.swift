/// A verified assertion: the counter verdict and what to update in storage.
public struct AuthenticationOutcome: Sendable {
    /// The credential id that signed.
    public let credentialId: [UInt8]
    /// The counter verdict; a regression is reported here, never thrown.
    public let signCount: SignCountCheck
    /// The counter to store: never lower than the stored one.
    public let newSignCount: UInt32
    /// Whether the user was verified (UV).
    public let userVerified: Bool
    /// The current backup state (BS); it may change over the credential's life.
    public let backupState: Bool
    /// The user handle the authenticator returned, when it did.
    public let userHandle: [UInt8]?
    /// The parsed authenticator data.
    public let authenticatorData: AuthenticatorData
}
