import COpenSSL
import Foundation

/// Builds and classifies `EVP_PKEY`s from raw components (OSSL_PARAM / EVP_PKEY_fromdata).
enum KeyImport {
    /// An EC public key from uncompressed coordinates.
    static func ecPublicKey(curve: ECCurve, x: [UInt8], y: [UInt8]) throws -> EVPKeyHandle {
        let width = curve.coordinateByteCount
        guard x.count == width, y.count == width else {
            throw CryptographyError(.invalidKey, "\(curve.rawValue) coordinates must be \(width) bytes each")
        }
        let point = [0x04] + x + y
        // OSSL_PARAM_BLD keeps the key-name and value pointers until OSSL_PARAM_BLD_to_param,
        // and the built params keep the key names until EVP_PKEY_fromdata returns: every
        // C string below stays alive for the whole nested scope.
        return try "group".withCString { groupKey in
            try "pub".withCString { pubKey in
                try curve.groupName.withCString { group in
                    try point.withUnsafeBytes { pointBytes in
                        try fromData(type: "EC") { builder in
                            OSSL_PARAM_BLD_push_utf8_string(builder, groupKey, group, 0) == 1
                                && OSSL_PARAM_BLD_push_octet_string(builder, pubKey, pointBytes.baseAddress,
                                                                    pointBytes.count) == 1
                        }
                    }
                }
            }
        }
    }

    /// An RSA public key from modulus and exponent.
    static func rsaPublicKey(modulus: [UInt8], exponent: [UInt8]) throws -> EVPKeyHandle {
        let n = modulus.drop(while: { $0 == 0 })
        let e = exponent.drop(while: { $0 == 0 })
        guard !n.isEmpty, !e.isEmpty, e.count <= 8, let last = e.last, last & 1 == 1, e != [1] else {
            throw CryptographyError(.invalidKey, "RSA modulus or exponent is malformed")
        }
        guard n.count * 8 >= PublicKey.minimumRSABits, n.count <= 2048 else {
            throw CryptographyError(.invalidKey, "RSA modulus size outside \(PublicKey.minimumRSABits)…16384 bits")
        }
        guard let nBN = Array(n).withUnsafeBufferPointer({ BN_bin2bn($0.baseAddress, Int32($0.count), nil) }),
              let eBN = Array(e).withUnsafeBufferPointer({ BN_bin2bn($0.baseAddress, Int32($0.count), nil) }) else {
            throw OpenSSL.failure(.libraryFailure, "BN_bin2bn failed")
        }
        defer {
            BN_free(nBN)
            BN_free(eBN)
        }
        return try "n".withCString { nKey in
            try "e".withCString { eKey in
                try fromData(type: "RSA") { builder in
                    OSSL_PARAM_BLD_push_BN(builder, nKey, nBN) == 1 && OSSL_PARAM_BLD_push_BN(builder, eKey, eBN) == 1
                }
            }
        }
    }

    /// An Ed25519 public key from its 32 raw bytes.
    static func ed25519PublicKey(_ x: [UInt8]) throws -> EVPKeyHandle {
        guard x.count == 32 else {
            throw CryptographyError(.invalidKey, "Ed25519 public key must be 32 bytes")
        }
        guard let key = x.withUnsafeBufferPointer({
            EVP_PKEY_new_raw_public_key(GH_EVP_PKEY_ED25519, nil, $0.baseAddress, 32)
        }) else {
            throw OpenSSL.failure(.invalidKey, "Ed25519 public key rejected")
        }
        return EVPKeyHandle(taking: key)
    }

    /// Checks a public key (type, curve, size, point validity) and returns its type.
    static func classify(_ key: OpaquePointer) throws -> PublicKey.KeyType {
        switch EVP_PKEY_get_base_id(key) {
        case GH_EVP_PKEY_EC:
            let curve = try curve(of: key)
            try checkPublic(key)
            return .ec(curve)
        case GH_EVP_PKEY_ED25519:
            return .ed25519
        case GH_EVP_PKEY_RSA:
            guard EVP_PKEY_get_bits(key) >= Int32(PublicKey.minimumRSABits) else {
                throw CryptographyError(.invalidKey, "RSA key smaller than \(PublicKey.minimumRSABits) bits")
            }
            return .rsa
        default:
            throw CryptographyError(.unsupportedAlgorithm, "unsupported public key type")
        }
    }

    /// The named curve of an EC key, if it is one Gatehouse supports.
    static func curve(of key: OpaquePointer) throws -> ECCurve {
        var name = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_group_name(key, &name, name.count, &length) == 1,
              let curve = ECCurve(groupName: String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) },
                                                   as: UTF8.self)) else {
            OpenSSL.clearErrors()
            throw CryptographyError(.unsupportedAlgorithm, "EC key is not on P-256, P-384 or P-521")
        }
        return curve
    }

    /// `EVP_PKEY_public_check`: the point is on the curve and not at infinity.
    private static func checkPublic(_ key: OpaquePointer) throws {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key, nil) else {
            throw OpenSSL.failure(.libraryFailure, "EVP_PKEY_CTX_new_from_pkey failed")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_public_check(context) == 1 else {
            throw OpenSSL.failure(.invalidKey, "EC public point is invalid")
        }
    }

    /// Runs the OSSL_PARAM_BLD → EVP_PKEY_fromdata sequence for a public key of `type`.
    private static func fromData(type: String, push: (OpaquePointer) -> Bool) throws -> EVPKeyHandle {
        guard let builder = OSSL_PARAM_BLD_new() else {
            throw OpenSSL.failure(.libraryFailure, "OSSL_PARAM_BLD_new failed")
        }
        defer { OSSL_PARAM_BLD_free(builder) }
        guard push(builder), let params = OSSL_PARAM_BLD_to_param(builder) else {
            throw OpenSSL.failure(.libraryFailure, "building OSSL_PARAMs failed")
        }
        defer { OSSL_PARAM_free(params) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, type, nil) else {
            throw OpenSSL.failure(.libraryFailure, "EVP_PKEY_CTX_new_from_name(\(type)) failed")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context) == 1,
              EVP_PKEY_fromdata(context, &key, GH_EVP_PKEY_PUBLIC_KEY, params) == 1, let key else {
            throw OpenSSL.failure(.invalidKey, "\(type) public key rejected")
        }
        return EVPKeyHandle(taking: key)
    }
}
