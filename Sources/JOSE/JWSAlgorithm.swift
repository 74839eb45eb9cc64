import Cryptography

/// A JWS signature algorithm Gatehouse can verify (RFC 7518, RFC 8037); `none` and HMAC are absent on purpose.
public enum JWSAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// ECDSA P-256 with SHA-256.
    case es256 = "ES256"
    /// ECDSA P-384 with SHA-384.
    case es384 = "ES384"
    /// ECDSA P-521 with SHA-512.
    case es512 = "ES512"
    /// Ed25519 (RFC 8037 `EdDSA`; RFC 9864 `Ed25519` is accepted as the same algorithm when parsing).
    case eddsa = "EdDSA"
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    case rs256 = "RS256"
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    case rs384 = "RS384"
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    case rs512 = "RS512"
    /// RSASSA-PSS with SHA-256.
    case ps256 = "PS256"
    /// RSASSA-PSS with SHA-384.
    case ps384 = "PS384"
    /// RSASSA-PSS with SHA-512.
    case ps512 = "PS512"

    /// Parses a wire name; refuses `none`, HMAC and unknown names with `unsupportedAlgorithm`.
    public init(wireName: String) throws {
        if let known = JWSAlgorithm(rawValue: wireName) {
            self = known
            return
        }
        switch wireName {
        case "Ed25519":
            self = .eddsa
        case "none", "None", "NONE":
            throw JOSEError(.unsupportedAlgorithm, "alg none is never accepted")
        case "HS256", "HS384", "HS512":
            throw JOSEError(.unsupportedAlgorithm, "HMAC algorithms are never accepted for verification")
        default:
            throw JOSEError(.unsupportedAlgorithm, "unknown algorithm")
        }
    }

    /// The wire name written into headers and JWKs.
    public var wireName: String { rawValue }

    /// The Cryptography algorithm that checks this JWS algorithm.
    public var signatureAlgorithm: SignatureAlgorithm {
        switch self {
        case .es256: .es256
        case .es384: .es384
        case .es512: .es512
        case .eddsa: .ed25519
        case .rs256: .rs256
        case .rs384: .rs384
        case .rs512: .rs512
        case .ps256: .ps256
        case .ps384: .ps384
        case .ps512: .ps512
        }
    }

    /// The JWS algorithm a signing key produces.
    public init(_ algorithm: SignatureAlgorithm) {
        self = switch algorithm {
        case .es256: .es256
        case .es384: .es384
        case .es512: .es512
        case .ed25519: .eddsa
        case .rs256: .rs256
        case .rs384: .rs384
        case .rs512: .rs512
        case .ps256: .ps256
        case .ps384: .ps384
        case .ps512: .ps512
        }
    }

    /// Whether a key of `type` can check this algorithm (family and curve).
    public func fits(_ type: PublicKey.KeyType) -> Bool {
        switch (self, type) {
        case (.es256, .ec(.p256)), (.es384, .ec(.p384)), (.es512, .ec(.p521)): true
        case (.eddsa, .ed25519): true
        case (.rs256, .rsa), (.rs384, .rsa), (.rs512, .rsa), (.ps256, .rsa), (.ps384, .rsa), (.ps512, .rsa): true
        default: false
        }
    }
}
