import Cryptography

/// A credential public key decoded from COSE_Key (RFC 9053 / RFC 8230), with its algorithm.
public struct COSEKey: Sendable {
    /// The COSE_Key bytes exactly as the authenticator sent them.
    public let rawRepresentation: [UInt8]
    /// The declared algorithm, checked against the key type and curve.
    public let algorithm: COSEAlgorithm
    /// The key, usable for verification.
    public let publicKey: PublicKey

    /// Decodes a whole COSE_Key; trailing bytes are refused.
    public init(bytes: [UInt8]) throws {
        try self.init(value: CBORDecoder().decodeWhole(bytes), rawRepresentation: bytes)
    }

    /// Builds a key from an already decoded COSE_Key map and its raw bytes.
    public init(value: CBORValue, rawRepresentation: [UInt8]) throws {
        guard value.mapValue != nil else { throw WebAuthnError(.invalidKey, "COSE_Key is not a map") }
        guard let kty = value[1]?.intValue else { throw WebAuthnError(.invalidKey, "COSE_Key without kty") }
        guard let rawAlg = value[3]?.intValue else { throw WebAuthnError(.invalidKey, "COSE_Key without alg") }
        if rawAlg == -53 || rawAlg == -20 {
            throw WebAuthnError(.unsupportedAlgorithm, "Ed448 is not supported")
        }
        guard let algorithm = Int(exactly: rawAlg).flatMap(COSEAlgorithm.init(rawValue:)) else {
            throw WebAuthnError(.unsupportedAlgorithm, "COSE algorithm \(rawAlg) is not supported")
        }
        self.rawRepresentation = rawRepresentation
        self.algorithm = algorithm
        self.publicKey = try Self.key(kty: kty, algorithm: algorithm, value: value)
    }

    private static func key(kty: Int64, algorithm: COSEAlgorithm, value: CBORValue) throws -> PublicKey {
        switch kty {
        case 2:
            guard let crv = value[-1]?.intValue, let x = value[-2]?.bytesValue, let y = value[-3]?.bytesValue else {
                throw WebAuthnError(.invalidKey, "EC2 key needs crv, x and y")
            }
            let curve: ECCurve
            switch crv {
            case 1: curve = .p256
            case 2: curve = .p384
            case 3: curve = .p521
            default: throw WebAuthnError(.unsupportedAlgorithm, "EC2 curve \(crv) is not supported")
            }
            guard algorithm.signatureAlgorithm?.curve == curve else {
                throw WebAuthnError(.algorithmMismatch, "EC2 curve \(curve.rawValue) does not match algorithm \(algorithm.rawValue)")
            }
            return try make(.ec(curve: curve, x: x, y: y))
        case 1:
            guard let crv = value[-1]?.intValue, let x = value[-2]?.bytesValue else {
                throw WebAuthnError(.invalidKey, "OKP key needs crv and x")
            }
            if crv == 7 { throw WebAuthnError(.unsupportedAlgorithm, "Ed448 is not supported") }
            guard crv == 6 else { throw WebAuthnError(.unsupportedAlgorithm, "OKP curve \(crv) is not supported") }
            guard algorithm == .edDSA || algorithm == .ed25519 else {
                throw WebAuthnError(.algorithmMismatch, "Ed25519 key with algorithm \(algorithm.rawValue)")
            }
            return try make(.ed25519(x: x))
        case 3:
            guard let n = value[-1]?.bytesValue, let e = value[-2]?.bytesValue else {
                throw WebAuthnError(.invalidKey, "RSA key needs n and e")
            }
            guard algorithm.isRSA else {
                throw WebAuthnError(.algorithmMismatch, "RSA key with algorithm \(algorithm.rawValue)")
            }
            return try make(.rsa(modulus: n, exponent: e))
        default:
            throw WebAuthnError(.unsupportedAlgorithm, "COSE key type \(kty) is not supported")
        }
    }

    private static func make(_ parameters: PublicKey.Parameters) throws -> PublicKey {
        do {
            return try PublicKey(parameters)
        } catch {
            throw WebAuthnError(.invalidKey, "COSE key components do not form a valid public key")
        }
    }
}
