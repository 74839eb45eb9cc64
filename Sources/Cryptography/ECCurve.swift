/// The NIST prime curves Gatehouse accepts for ECDSA.
public enum ECCurve: String, Sendable, Hashable, CaseIterable {
    /// P-256 (secp256r1), used with ES256.
    case p256 = "P-256"
    /// P-384 (secp384r1), used with ES384.
    case p384 = "P-384"
    /// P-521 (secp521r1), used with ES512.
    case p521 = "P-521"

    /// Bytes per coordinate and per signature half (r or s).
    public var coordinateByteCount: Int {
        switch self {
        case .p256: 32
        case .p384: 48
        case .p521: 66
        }
    }

    /// The digest ECDSA pairs with this curve in JOSE/COSE.
    public var digest: Digest.Algorithm {
        switch self {
        case .p256: .sha256
        case .p384: .sha384
        case .p521: .sha512
        }
    }

    /// OpenSSL's group name.
    var groupName: String {
        switch self {
        case .p256: "prime256v1"
        case .p384: "secp384r1"
        case .p521: "secp521r1"
        }
    }

    /// Maps an OpenSSL group name (short or NIST form) to a curve.
    init?(groupName: String) {
        switch groupName {
        case "prime256v1", "P-256", "secp256r1": self = .p256
        case "secp384r1", "P-384": self = .p384
        case "secp521r1", "P-521": self = .p521
        default: return nil
        }
    }
}
