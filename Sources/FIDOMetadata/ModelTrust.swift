/// The verdict on an authenticator model under a `MetadataPolicy`.
public enum ModelTrust: Sendable {
    /// MDS3 vouches for the model at this certification level.
    case trusted(MetadataEntry, CertificationLevel)
    /// No entry matches (and the policy does not require one): the caller decides (e.g. amr `swk`).
    case unknown
    /// The model must not be accepted; the status that decided it, if a status did.
    case refused(AuthenticatorStatus?, RefusalReason)

    /// Whether this verdict refuses the model.
    public var isRefused: Bool {
        if case .refused = self { return true }
        return false
    }
}

/// Why a model was refused; the raw values are stable wire identifiers.
public enum RefusalReason: String, Sendable, Hashable {
    /// The latest effective status report (or a sticky one such as REVOKED) has a refusing status.
    case status
    /// An ATTESTATION_KEY_COMPROMISE report names this attestation certificate (or the certificate is not known).
    case attestationCertificateCompromised = "attestation_certificate_compromised"
    /// The model is on the deny list.
    case denyListed = "deny_listed"
    /// An allow list is configured and the model is not on it.
    case notAllowListed = "not_allow_listed"
    /// The model's certification level is below the policy minimum.
    case belowMinimumCertification = "below_minimum_certification"
    /// The policy requires a model MDS3 vouches for, and none matches.
    case unknownModel = "unknown_model"
}
