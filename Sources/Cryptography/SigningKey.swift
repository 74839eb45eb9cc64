import COpenSSL
import Foundation

/// A private signing key: ECDSA P-256/P-384/P-521 (ES256/384/512) or Ed25519.
public struct SigningKey: Sendable {
    private let handle: EVPKeyHandle
    /// The algorithm this key signs with.
    public let algorithm: SignatureAlgorithm
    /// The matching public key.
    public let publicKey: PublicKey

    /// Generates a fresh key for `algorithm` (ES256, ES384, ES512 or Ed25519).
    public static func generate(_ algorithm: SignatureAlgorithm) throws -> SigningKey {
        let (typeName, curve): (String, ECCurve?) = switch algorithm {
        case .es256, .es384, .es512: ("EC", algorithm.curve)
        case .ed25519: ("ED25519", nil)
        default: throw CryptographyError(.unsupportedAlgorithm, "cannot generate signing keys for \(algorithm.rawValue)")
        }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, typeName, nil) else {
            throw OpenSSL.failure(.libraryFailure, "EVP_PKEY_CTX_new_from_name failed")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else {
            throw OpenSSL.failure(.libraryFailure, "EVP_PKEY_keygen_init failed")
        }
        if let curve, EVP_PKEY_CTX_set_group_name(context, curve.groupName) != 1 {
            throw OpenSSL.failure(.libraryFailure, "EVP_PKEY_CTX_set_group_name failed")
        }
        var key: OpaquePointer?
        guard EVP_PKEY_generate(context, &key) == 1, let key else {
            throw OpenSSL.failure(.libraryFailure, "EVP_PKEY_generate failed")
        }
        return try SigningKey(handle: EVPKeyHandle(taking: key))
    }

    /// Imports a PKCS#8 (RFC 5208/5958) DER private key.
    public init(pkcs8DER der: SecretBytes) throws {
        let key = try der.withUnsafeBytes { bytes -> OpaquePointer in
            guard bytes.count > 0, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
                throw CryptographyError(.invalidKey, "empty PKCS#8 key")
            }
            var cursor: UnsafePointer<UInt8>? = base
            guard let info = d2i_PKCS8_PRIV_KEY_INFO(nil, &cursor, bytes.count) else {
                throw OpenSSL.failure(.invalidKey, "PKCS#8 key did not parse")
            }
            defer { PKCS8_PRIV_KEY_INFO_free(info) }
            guard cursor == base + bytes.count else {
                throw CryptographyError(.invalidKey, "PKCS#8 key has trailing bytes")
            }
            guard let key = EVP_PKCS82PKEY(info) else {
                throw OpenSSL.failure(.invalidKey, "PKCS#8 key rejected")
            }
            return key
        }
        try self.init(handle: EVPKeyHandle(taking: key))
    }

    /// Imports a raw 32-byte Ed25519 private key (the RFC 8037 `d` value).
    public init(ed25519PrivateKey seed: SecretBytes) throws {
        guard seed.count == 32 else {
            throw CryptographyError(.invalidKey, "Ed25519 private key must be 32 bytes")
        }
        guard let key = seed.withUnsafeBytes({
            EVP_PKEY_new_raw_private_key(GH_EVP_PKEY_ED25519, nil, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), 32)
        }) else {
            throw OpenSSL.failure(.invalidKey, "Ed25519 private key rejected")
        }
        try self.init(handle: EVPKeyHandle(taking: key))
    }

    private init(handle: EVPKeyHandle) throws {
        switch EVP_PKEY_get_base_id(handle.pointer) {
        case GH_EVP_PKEY_EC:
            algorithm = switch try KeyImport.curve(of: handle.pointer) {
            case .p256: .es256
            case .p384: .es384
            case .p521: .es512
            }
        case GH_EVP_PKEY_ED25519:
            algorithm = .ed25519
        default:
            throw CryptographyError(.unsupportedAlgorithm, "signing keys must be EC (P-256/384/521) or Ed25519")
        }
        guard let spki = OpenSSL.der({ i2d_PUBKEY(handle.pointer, $0) }) else {
            throw OpenSSL.failure(.invalidKey, "public half could not be encoded")
        }
        self.handle = handle
        self.publicKey = try PublicKey(subjectPublicKeyInfoDER: spki)
    }

    /// The PKCS#8 DER encoding of the private key, as secret bytes.
    public func pkcs8DER() throws -> SecretBytes {
        guard let info = EVP_PKEY2PKCS8(handle.pointer) else {
            throw OpenSSL.failure(.libraryFailure, "EVP_PKEY2PKCS8 failed")
        }
        defer { PKCS8_PRIV_KEY_INFO_free(info) }
        let length = i2d_PKCS8_PRIV_KEY_INFO(info, nil)
        guard length > 0 else {
            throw OpenSSL.failure(.libraryFailure, "i2d_PKCS8_PRIV_KEY_INFO failed")
        }
        return try SecretBytes(capacity: Int(length)) { buffer in
            var cursor = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
            guard i2d_PKCS8_PRIV_KEY_INFO(info, &cursor) == length else {
                throw OpenSSL.failure(.libraryFailure, "i2d_PKCS8_PRIV_KEY_INFO failed")
            }
            return Int(length)
        }
    }

    /// Signs `message`: raw `R||S` (fixed width) for ECDSA, 64 bytes for Ed25519.
    public func signature(for message: some ContiguousBytes) throws -> [UInt8] {
        let der = try sign(message)
        guard let curve = algorithm.curve else { return der }
        return try ECDSASignature(derRepresentation: der).rawRepresentation(for: curve)
    }

    /// Signs `message` with ECDSA and returns the parsed signature (for DER output).
    public func ecdsaSignature(for message: some ContiguousBytes) throws -> ECDSASignature {
        guard algorithm.curve != nil else {
            throw CryptographyError(.algorithmMismatch, "\(algorithm.rawValue) is not ECDSA")
        }
        return try ECDSASignature(derRepresentation: sign(message))
    }

    /// One-shot `EVP_DigestSign`; ECDSA output is DER.
    private func sign(_ message: some ContiguousBytes) throws -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else {
            throw OpenSSL.failure(.libraryFailure, "EVP_MD_CTX_new failed")
        }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, algorithm.digest?.evpMD, nil, handle.pointer) == 1 else {
            throw OpenSSL.failure(.libraryFailure, "EVP_DigestSignInit failed")
        }
        return try message.withUnsafeBytes { msg in
            let data = msg.baseAddress?.assumingMemoryBound(to: UInt8.self)
            var length = 0
            guard EVP_DigestSign(context, nil, &length, data, msg.count) == 1 else {
                throw OpenSSL.failure(.libraryFailure, "EVP_DigestSign (size) failed")
            }
            var out = [UInt8](repeating: 0, count: length)
            guard EVP_DigestSign(context, &out, &length, data, msg.count) == 1 else {
                throw OpenSSL.failure(.libraryFailure, "EVP_DigestSign failed")
            }
            return Array(out.prefix(length))
        }
    }
}
