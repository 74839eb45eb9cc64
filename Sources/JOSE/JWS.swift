import Cryptography

/// Produces compact JWS (RFC 7515 §7.1) strings.
public enum JWS {
    /// Signs `payload` under `header` with `key`; the header's algorithm must be the key's.
    public static func sign(header: JWSHeader, payload: [UInt8], key: SigningKey) throws -> String {
        guard JWSAlgorithm(key.algorithm) == header.algorithm else {
            throw JOSEError(.algorithmMismatch, "header alg \(header.algorithm.wireName) does not match the signing key")
        }
        let signingInput = Base64URL.encode(Array(header.jsonText.utf8)) + "." + Base64URL.encode(payload)
        let signature: [UInt8]
        do {
            signature = try key.signature(for: Array(signingInput.utf8))
        } catch let error as CryptographyError {
            throw JOSEError(.invalidKey, "signing failed: \(error.code)")
        }
        return signingInput + "." + Base64URL.encode(signature)
    }
}
