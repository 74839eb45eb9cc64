/// Signature algorithms the verifier accepts, named as in JOSE (RFC 7518, RFC 9864 for Ed25519).
public enum SignatureAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// ECDSA P-256 with SHA-256.
    case es256 = "ES256"
    /// ECDSA P-384 with SHA-384.
    case es384 = "ES384"
    /// ECDSA P-521 with SHA-512.
    case es512 = "ES512"
    /// Ed25519 (pure EdDSA).
    case ed25519 = "Ed25519"
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    case rs256 = "RS256"
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    case rs384 = "RS384"
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    case rs512 = "RS512"
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256, salt length 32.
    case ps256 = "PS256"
    /// RSASSA-PSS with SHA-384, MGF1-SHA-384, salt length 48.
    case ps384 = "PS384"
    /// RSASSA-PSS with SHA-512, MGF1-SHA-512, salt length 64.
    case ps512 = "PS512"

    /// The curve an ECDSA algorithm requires (nil for the others).
    public var curve: ECCurve? {
        switch self {
        case .es256: .p256
        case .es384: .p384
        case .es512: .p521
        default: nil
        }
    }

    /// The digest applied to the message (nil for Ed25519, which hashes internally).
    public var digest: Digest.Algorithm? {
        switch self {
        case .es256, .rs256, .ps256: .sha256
        case .es384, .rs384, .ps384: .sha384
        case .es512, .rs512, .ps512: .sha512
        case .ed25519: nil
        }
    }

    /// RSA padding used by an RSA algorithm.
    var rsaPadding: RSAPadding? {
        switch self {
        case .rs256, .rs384, .rs512: .pkcs1
        case .ps256, .ps384, .ps512: .pss
        default: nil
        }
    }
}

/// RSA signature padding schemes.
enum RSAPadding {
    case pkcs1
    case pss
}
