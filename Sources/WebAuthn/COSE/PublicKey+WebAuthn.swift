import Cryptography

extension PublicKey {
    /// Verifies a WebAuthn signature: DER for ECDSA, raw for EdDSA and RSA; false when it does not verify.
    public func isValidWebAuthnSignature(_ signature: [UInt8], for message: [UInt8], algorithm: COSEAlgorithm) -> Bool {
        do {
            if algorithm == .insecureRS1 {
                guard type == .rsa else { return false }
                return try Insecure.RSAPKCS1SHA1.isValidSignature(signature, for: message, publicKey: self)
            }
            guard let signatureAlgorithm = algorithm.signatureAlgorithm else { return false }
            if signatureAlgorithm.curve != nil {
                let parsed = try ECDSASignature(derRepresentation: signature)
                return try isValidSignature(parsed, for: message, algorithm: signatureAlgorithm)
            }
            return try isValidSignature(signature, for: message, algorithm: signatureAlgorithm)
        } catch {
            return false
        }
    }

    /// Whether two keys are the same key (compared by SubjectPublicKeyInfo DER).
    func isSameKey(as other: PublicKey) -> Bool {
        subjectPublicKeyInfoDER == other.subjectPublicKeyInfoDER
    }
}
