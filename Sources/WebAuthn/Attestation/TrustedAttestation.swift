import Cryptography

/// An attestation whose chain has been judged against the trust anchors.
public struct TrustedAttestation: Sendable {
    /// How the chain fared.
    public enum ChainStatus: Sendable, Hashable {
        /// No certificates to check (none or self attestation).
        case notApplicable
        /// The trust source knows no anchors for this model or key.
        case noAnchors
        /// The chain reached an anchor.
        case verified
        /// The chain did not reach any of the given anchors (reason names the failure).
        case failed(String)
    }

    /// The `fmt` identifier.
    public let format: String
    /// The attestation type.
    public let type: AttestationType
    /// The certificates from the statement, leaf first.
    public let trustPath: [Certificate]
    /// The AAGUID from authenticator data, lowercase 8-4-4-4-12.
    public let aaguid: String
    /// Lowercase hex SHA-1 of each trust-path certificate's subjectPublicKey BIT STRING contents.
    public let attestationKeyIdentifiers: [String]
    /// The chain outcome.
    public let chainStatus: ChainStatus

    /// Whether the chain reached a trust anchor.
    public var reachedAnchor: Bool { chainStatus == .verified }
}
