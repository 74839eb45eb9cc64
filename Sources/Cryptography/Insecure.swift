import Foundation

/// Weak algorithms kept only for legacy formats; the name says what they are.
public enum Insecure {
    /// RSASSA-PKCS1-v1_5 with SHA-1: only for TPM attestation (COSE RS1); never for tokens.
    public enum RSAPKCS1SHA1 {
        /// Verifies an RSA PKCS#1 v1.5 SHA-1 signature; false when it does not verify.
        public static func isValidSignature(
            _ signature: some ContiguousBytes, for message: some ContiguousBytes, publicKey: PublicKey
        ) throws -> Bool {
            try publicKey.verifyRSA(signature.withUnsafeBytes { Array($0) }, message: message, digest: .sha1,
                                    padding: .pkcs1, name: "RS1")
        }
    }
}
