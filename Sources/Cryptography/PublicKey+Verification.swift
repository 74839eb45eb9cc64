import COpenSSL
import Foundation

extension PublicKey {
    /// Verifies `signature` over `message` with `algorithm`; ECDSA signatures are raw `R||S` (JOSE/COSE form).
    ///
    /// Returns false for a well-formed signature that does not verify; throws for a malformed
    /// signature encoding or a key that does not belong to `algorithm`.
    public func isValidSignature(
        _ signature: some ContiguousBytes, for message: some ContiguousBytes, algorithm: SignatureAlgorithm
    ) throws -> Bool {
        if let curve = algorithm.curve {
            try requireCurve(curve, for: algorithm)
            let parsed = try ECDSASignature(rawRepresentation: signature, curve: curve)
            return try verify(parsed.derRepresentation, message: message, digest: curve.digest, padding: nil)
        }
        return try verifyNonECDSA(signature.withUnsafeBytes { Array($0) }, for: message, algorithm: algorithm)
    }

    /// Verifies a parsed ECDSA signature (e.g. from DER, as WebAuthn carries it) with an ES algorithm.
    public func isValidSignature(
        _ signature: ECDSASignature, for message: some ContiguousBytes, algorithm: SignatureAlgorithm
    ) throws -> Bool {
        guard let curve = algorithm.curve else {
            throw CryptographyError(.algorithmMismatch, "\(algorithm.rawValue) is not an ECDSA algorithm")
        }
        try requireCurve(curve, for: algorithm)
        guard signature.r.count <= curve.coordinateByteCount, signature.s.count <= curve.coordinateByteCount else {
            throw CryptographyError(.invalidSignatureEncoding, "ECDSA signature too wide for \(curve.rawValue)")
        }
        return try verify(signature.derRepresentation, message: message, digest: curve.digest, padding: nil)
    }

    private func verifyNonECDSA(
        _ signature: [UInt8], for message: some ContiguousBytes, algorithm: SignatureAlgorithm
    ) throws -> Bool {
        if algorithm == .ed25519 {
            guard type == .ed25519 else {
                throw CryptographyError(.algorithmMismatch, "Ed25519 needs an Ed25519 key")
            }
            guard signature.count == 64 else {
                throw CryptographyError(.invalidSignatureEncoding, "Ed25519 signature must be 64 bytes")
            }
            return try verify(signature, message: message, digest: nil, padding: nil)
        }
        guard let padding = algorithm.rsaPadding, let digest = algorithm.digest else {
            throw CryptographyError(.unsupportedAlgorithm, "unsupported algorithm \(algorithm.rawValue)")
        }
        return try verifyRSA(signature, message: message, digest: digest, padding: padding, name: algorithm.rawValue)
    }

    /// RSA verification shared with `Insecure.RSAPKCS1SHA1`.
    func verifyRSA(
        _ signature: [UInt8], message: some ContiguousBytes, digest: Digest.Algorithm, padding: RSAPadding,
        name: String
    ) throws -> Bool {
        guard type == .rsa else {
            throw CryptographyError(.algorithmMismatch, "\(name) needs an RSA key")
        }
        guard signature.count == Int(EVP_PKEY_get_size(handle.pointer)) else {
            throw CryptographyError(.invalidSignatureEncoding, "RSA signature length does not match the modulus")
        }
        return try verify(signature, message: message, digest: digest, padding: padding)
    }

    private func requireCurve(_ curve: ECCurve, for algorithm: SignatureAlgorithm) throws {
        guard type == .ec(curve) else {
            throw CryptographyError(.algorithmMismatch, "\(algorithm.rawValue) needs a \(curve.rawValue) key")
        }
    }

    /// One-shot `EVP_DigestVerify`; any non-1 result is a failed verification.
    private func verify(
        _ signature: [UInt8], message: some ContiguousBytes, digest: Digest.Algorithm?, padding: RSAPadding?
    ) throws -> Bool {
        guard let context = EVP_MD_CTX_new() else {
            throw OpenSSL.failure(.libraryFailure, "EVP_MD_CTX_new failed")
        }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        guard EVP_DigestVerifyInit(context, &keyContext, digest?.evpMD, nil, handle.pointer) == 1 else {
            throw OpenSSL.failure(.libraryFailure, "EVP_DigestVerifyInit failed")
        }
        if let padding {
            let configured = switch padding {
            case .pkcs1:
                EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PADDING) == 1
            case .pss:
                EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) == 1
                    && EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, GH_RSA_PSS_SALTLEN_DIGEST) == 1
            }
            guard configured else {
                throw OpenSSL.failure(.libraryFailure, "configuring RSA padding failed")
            }
        }
        let result = signature.withUnsafeBufferPointer { sig in
            message.withUnsafeBytes { msg in
                EVP_DigestVerify(context, sig.baseAddress, sig.count,
                                 msg.baseAddress?.assumingMemoryBound(to: UInt8.self), msg.count)
            }
        }
        OpenSSL.clearErrors()
        return result == 1
    }
}
