/// What a relying party accepts in a ceremony: RP ID, origins, cross-origin use, UV, algorithms, attestation.
public struct RelyingPartyPolicy: Sendable {
    /// How strictly an attestation chain must reach a trust anchor.
    public enum AttestationRequirement: Sendable, Hashable {
        /// Record the chain outcome only; the caller decides (e.g. `swk` for untrusted models).
        case recordOnly
        /// Refuse a chain that fails against anchors the trust source knows; accept when none are known.
        case refuseFailedChains
        /// Refuse unless the chain reaches an anchor (none and self attestation are refused too).
        case requireTrustedChain
    }

    /// The RP ID whose SHA-256 must equal rpIdHash.
    public var rpID: String
    /// Origins accepted in clientDataJSON, compared exactly (scheme, host and port).
    public var allowedOrigins: Set<String>
    /// Whether `crossOrigin: true` is acceptable.
    public var allowsCrossOrigin: Bool
    /// Top-level origins accepted when clientDataJSON carries `topOrigin` (needs `allowsCrossOrigin`).
    public var allowedTopOrigins: Set<String>
    /// Whether the UV flag must be set.
    public var requiresUserVerification: Bool
    /// Algorithms accepted for new credentials, in preference order.
    public var allowedAlgorithms: [COSEAlgorithm]
    /// How attestation chains are judged.
    public var attestationRequirement: AttestationRequirement

    /// A policy for one RP ID and its origins; defaults: same-origin only, UV not required, default algorithms.
    public init(
        rpID: String, allowedOrigins: Set<String>, allowsCrossOrigin: Bool = false, allowedTopOrigins: Set<String> = [],
        requiresUserVerification: Bool = false, allowedAlgorithms: [COSEAlgorithm] = COSEAlgorithm.credentialDefaults,
        attestationRequirement: AttestationRequirement = .refuseFailedChains
    ) {
        self.rpID = rpID
        self.allowedOrigins = allowedOrigins
        self.allowsCrossOrigin = allowsCrossOrigin
        self.allowedTopOrigins = allowedTopOrigins
        self.requiresUserVerification = requiresUserVerification
        self.allowedAlgorithms = allowedAlgorithms
        self.attestationRequirement = attestationRequirement
    }
}
