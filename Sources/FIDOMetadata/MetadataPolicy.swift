/// Which models a realm accepts, given MDS3 metadata: statuses, certification level, allow and deny lists.
///
/// Status rule ("latest report wins"): of an entry's status reports, only those whose `effectiveDate` is on or
/// before the evaluation time count; the one with the latest `effectiveDate` decides (on a tie a refusing
/// status wins). A later non-refusing report therefore lifts an earlier compromise (the vendor fixed it),
/// except for `stickyStatuses` (default: REVOKED), which refuse whenever any effective report carries them.
/// The certification level is the highest `FIDO_CERTIFIED_*` among the effective reports (`FIDO_CERTIFIED` = L1).
public struct MetadataPolicy: Sendable, Hashable {
    /// Statuses that refuse a model when they decide.
    public var refusingStatuses: Set<AuthenticatorStatus>
    /// Refusing statuses that no later report lifts.
    public var stickyStatuses: Set<AuthenticatorStatus>
    /// Whether an ATTESTATION_KEY_COMPROMISE report that names a certificate refuses only that certificate.
    public var scopesKeyCompromiseToCertificate: Bool
    /// The lowest certification level accepted as trusted.
    public var minimumCertificationLevel: CertificationLevel
    /// When non-empty, only these models (lowercase AAGUIDs or attestation key identifiers) are accepted.
    public var allowList: Set<String>
    /// Models (lowercase AAGUIDs or attestation key identifiers) that are always refused.
    public var denyList: Set<String>
    /// Whether a model without a matching MDS3 entry is refused instead of `.unknown`.
    public var requireTrustedModel: Bool

    /// A policy; the defaults refuse the five compromise/revocation statuses and nothing else.
    public init(refusingStatuses: Set<AuthenticatorStatus> = AuthenticatorStatus.defaultRefusing,
                stickyStatuses: Set<AuthenticatorStatus> = [.revoked],
                scopesKeyCompromiseToCertificate: Bool = true,
                minimumCertificationLevel: CertificationLevel = .none,
                allowList: Set<String> = [], denyList: Set<String> = [], requireTrustedModel: Bool = false) {
        self.refusingStatuses = refusingStatuses
        self.stickyStatuses = stickyStatuses
        self.scopesKeyCompromiseToCertificate = scopesKeyCompromiseToCertificate
        self.minimumCertificationLevel = minimumCertificationLevel
        self.allowList = Set(allowList.map { $0.lowercased() })
        self.denyList = Set(denyList.map { $0.lowercased() })
        self.requireTrustedModel = requireTrustedModel
    }
}
