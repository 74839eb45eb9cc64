/// The attestation types of §6.5.4.
public enum AttestationType: String, Sendable, Hashable {
    /// No attestation (`none`).
    case none
    /// Self attestation: signed by the credential key.
    case `self`
    /// Basic attestation: a batch attestation certificate.
    case basic
    /// Attestation CA (e.g. a TPM AIK certificate).
    case attCA
    /// Anonymization CA (e.g. Apple).
    case anonCA
}
