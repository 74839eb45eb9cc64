import Cryptography

/// COSE signature algorithm identifiers (IANA COSE Algorithms registry) that WebAuthn uses.
public enum COSEAlgorithm: Int, Sendable, Hashable, CaseIterable {
    /// ECDSA P-256 with SHA-256.
    case es256 = -7
    /// ECDSA P-384 with SHA-384.
    case es384 = -35
    /// ECDSA P-521 with SHA-512.
    case es512 = -36
    /// EdDSA (Ed25519 here; Ed448 is refused).
    case edDSA = -8
    /// Ed25519 (fully specified, RFC 9864).
    case ed25519 = -19
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    case rs256 = -257
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    case rs384 = -258
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    case rs512 = -259
    /// RSASSA-PSS with SHA-256.
    case ps256 = -37
    /// RSASSA-PSS with SHA-384.
    case ps384 = -38
    /// RSASSA-PSS with SHA-512.
    case ps512 = -39
    /// RSASSA-PKCS1-v1_5 with SHA-1: only for TPM attestation statements, never for credentials.
    case insecureRS1 = -65535

    /// The default set a relying party accepts for new credentials, in preference order.
    public static let credentialDefaults: [COSEAlgorithm] = [.es256, .edDSA, .es384, .es512, .ps256, .rs256]

    /// The Cryptography algorithm that verifies signatures of this kind (nil for RS1).
    public var signatureAlgorithm: SignatureAlgorithm? {
        switch self {
        case .es256: .es256
        case .es384: .es384
        case .es512: .es512
        case .edDSA, .ed25519: .ed25519
        case .rs256: .rs256
        case .rs384: .rs384
        case .rs512: .rs512
        case .ps256: .ps256
        case .ps384: .ps384
        case .ps512: .ps512
        case .insecureRS1: nil
        }
    }

    /// The hash that TPM and other formats pair with this algorithm.
    public var digest: Digest.Algorithm? {
        switch self {
        case .insecureRS1: .sha1
        case .edDSA, .ed25519: nil
        default: signatureAlgorithm?.digest
        }
    }

    /// Whether the algorithm is ECDSA (signatures arrive DER-encoded in WebAuthn).
    public var isECDSA: Bool { signatureAlgorithm?.curve != nil }

    /// Whether the algorithm is an RSA scheme.
    public var isRSA: Bool {
        switch self {
        case .rs256, .rs384, .rs512, .ps256, .ps384, .ps512, .insecureRS1: true
        default: false
        }
    }
}
