/// What the relying party stored at registration, as the authentication ceremony needs it.
public struct StoredCredential: Sendable {
    /// The credential id.
    public var credentialId: [UInt8]
    /// The COSE_Key bytes of the credential public key.
    public var publicKey: [UInt8]
    /// The algorithm recorded at registration (nil: take the key's own).
    public var algorithm: COSEAlgorithm?
    /// The stored signature counter.
    public var signCount: UInt32
    /// The BE flag recorded at registration.
    public var backupEligible: Bool
    /// The user handle the credential was created for.
    public var userHandle: [UInt8]?

    /// A stored credential.
    public init(credentialId: [UInt8], publicKey: [UInt8], algorithm: COSEAlgorithm? = nil, signCount: UInt32,
                backupEligible: Bool, userHandle: [UInt8]? = nil) {
        self.credentialId = credentialId
        self.publicKey = publicKey
        self.algorithm = algorithm
        self.signCount = signCount
        self.backupEligible = backupEligible
        self.userHandle = userHandle
    }
}
