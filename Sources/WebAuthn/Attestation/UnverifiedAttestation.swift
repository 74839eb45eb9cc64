import Cryptography

/// An attestation statement whose signature and format rules verified, but whose chain is not yet judged.
public struct UnverifiedAttestation: Sendable {
    /// The `fmt` identifier.
    public let format: String
    /// The attestation type the statement claims.
    public let type: AttestationType
    /// The certificates from the statement, leaf first (empty for none and self).
    public let trustPath: [Certificate]

    /// Creates a result for a verified statement.
    public init(format: String, type: AttestationType, trustPath: [Certificate]) {
        self.format = format
        self.type = type
        self.trustPath = trustPath
    }
}
