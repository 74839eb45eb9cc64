import COpenSSL
import Foundation

/// A public key for signature verification: EC (P-256/384/521), Ed25519 or RSA (≥ 2048 bits).
public struct PublicKey: Sendable {
    /// The family (and curve) of a key.
    public enum KeyType: Sendable, Hashable {
        /// An ECDSA key on `curve`.
        case ec(ECCurve)
        /// An Ed25519 key.
        case ed25519
        /// An RSA key.
        case rsa
    }

    /// Raw key components as JWK and COSE carry them (big-endian, unpadded base64url-decoded).
    public enum Parameters: Sendable, Hashable {
        /// EC point; `x` and `y` are exactly `curve.coordinateByteCount` bytes.
        case ec(curve: ECCurve, x: [UInt8], y: [UInt8])
        /// Ed25519 public key, 32 bytes.
        case ed25519(x: [UInt8])
        /// RSA modulus and public exponent.
        case rsa(modulus: [UInt8], exponent: [UInt8])
    }

    /// The smallest RSA modulus accepted, in bits.
    public static let minimumRSABits = 2048

    let handle: EVPKeyHandle
    /// The key's family and curve.
    public let type: KeyType

    /// Builds a key from raw components; refuses wrong lengths, points off the curve and small RSA moduli.
    public init(_ parameters: Parameters) throws {
        switch parameters {
        case let .ec(curve, x, y):
            try self.init(validating: KeyImport.ecPublicKey(curve: curve, x: x, y: y))
        case let .ed25519(x):
            try self.init(validating: KeyImport.ed25519PublicKey(x))
        case let .rsa(modulus, exponent):
            try self.init(validating: KeyImport.rsaPublicKey(modulus: modulus, exponent: exponent))
        }
    }

    /// Parses a DER SubjectPublicKeyInfo (no trailing bytes).
    public init(subjectPublicKeyInfoDER der: some ContiguousBytes) throws {
        let key = try der.withUnsafeBytes { bytes -> OpaquePointer in
            guard bytes.count > 0, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
                throw CryptographyError(.invalidKey, "empty SubjectPublicKeyInfo")
            }
            var cursor: UnsafePointer<UInt8>? = base
            guard let key = d2i_PUBKEY(nil, &cursor, bytes.count) else {
                throw OpenSSL.failure(.invalidKey, "SubjectPublicKeyInfo did not parse")
            }
            guard cursor == base + bytes.count else {
                EVP_PKEY_free(key)
                throw CryptographyError(.invalidKey, "SubjectPublicKeyInfo has trailing bytes")
            }
            return key
        }
        try self.init(validating: EVPKeyHandle(taking: key))
    }

    /// Wraps `handle` after checking that it is a supported, well-formed public key.
    init(validating handle: EVPKeyHandle) throws {
        self.handle = handle
        self.type = try KeyImport.classify(handle.pointer)
    }

    /// The DER SubjectPublicKeyInfo.
    public var subjectPublicKeyInfoDER: [UInt8] {
        guard let der = OpenSSL.der({ i2d_PUBKEY(handle.pointer, $0) }) else {
            fatalError("Cryptography: i2d_PUBKEY failed for a validated key")
        }
        return der
    }

    /// The raw components (for JWK `x`/`y`, `x`, or `n`/`e`).
    public var parameters: Parameters {
        switch type {
        case let .ec(curve):
            let width = curve.coordinateByteCount
            return .ec(curve: curve, x: bignumParameter("qx", width: width), y: bignumParameter("qy", width: width))
        case .ed25519:
            var x = [UInt8](repeating: 0, count: 32)
            var length = 32
            let ok = x.withUnsafeMutableBufferPointer { EVP_PKEY_get_raw_public_key(handle.pointer, $0.baseAddress, &length) }
            precondition(ok == 1 && length == 32, "Cryptography: Ed25519 raw public key export failed")
            return .ed25519(x: x)
        case .rsa:
            return .rsa(modulus: bignumParameter("n", width: nil), exponent: bignumParameter("e", width: nil))
        }
    }

    /// RSA modulus size in bits, or the curve size for EC/Ed25519 keys.
    public var bits: Int { Int(EVP_PKEY_get_bits(handle.pointer)) }

    private func bignumParameter(_ name: String, width: Int?) -> [UInt8] {
        var bignum: OpaquePointer?
        guard EVP_PKEY_get_bn_param(handle.pointer, name, &bignum) == 1, let bignum else {
            fatalError("Cryptography: EVP_PKEY_get_bn_param(\(name)) failed for a validated key")
        }
        defer { BN_free(bignum) }
        if let width {
            guard let bytes = OpenSSL.bytes(of: bignum, width: width) else {
                fatalError("Cryptography: key component \(name) wider than its curve")
            }
            return bytes
        }
        return OpenSSL.bytes(of: bignum)
    }
}
