/// A credential that passed registration: what the relying party stores.
public struct RegisteredCredential: Sendable {
    /// The credential id.
    public let credentialId: [UInt8]
    /// The COSE_Key bytes of the credential public key.
    public let publicKey: [UInt8]
    /// The credential's algorithm.
    public let algorithm: COSEAlgorithm
    /// The initial signature counter.
    public let signCount: UInt32
    /// The AAGUID, lowercase 8-4-4-4-12.
    public let aaguid: String
    /// Backup eligibility at registration (never changes afterwards).
    public let backupEligible: Bool
    /// Backup state at registration.
    public let backupState: Bool
    /// Whether the user was verified.
    public let userVerified: Bool
    /// Transports the client reported (`usb`, `nfc`, `ble`, `internal`, `hybrid`, …).
    public let transports: [String]
    /// `platform` or `cross-platform`, when the client reported it.
    public let authenticatorAttachment: String?
    /// The attestation format and its trust outcome.
    public let attestation: TrustedAttestation
}
