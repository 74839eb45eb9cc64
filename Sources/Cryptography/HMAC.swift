import COpenSSL
import Foundation

/// HMAC (RFC 2104) over the `Digest.Algorithm`s.
public enum HMAC {
    /// The authentication code of `message` under `key`. Traps only if libcrypto cannot allocate.
    public static func authenticationCode(
        for message: some ContiguousBytes, key: some ContiguousBytes, using algorithm: Digest.Algorithm
    ) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: algorithm.byteCount)
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { keyBytes in
            message.withUnsafeBytes { messageBytes in
                out.withUnsafeMutableBytes { output in
                    COpenSSL.HMAC(algorithm.evpMD, keyBytes.baseAddress, Int32(keyBytes.count),
                                  messageBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBytes.count,
                                  output.baseAddress?.assumingMemoryBound(to: UInt8.self), &length)
                }
            }
        }
        guard result != nil, Int(length) == algorithm.byteCount else {
            fatalError("Cryptography: HMAC(\(algorithm.rawValue)) failed")
        }
        return out
    }

    /// Whether `code` is the authentication code of `message` under `key` (constant-time comparison).
    public static func isValidAuthenticationCode(
        _ code: some ContiguousBytes, for message: some ContiguousBytes, key: some ContiguousBytes,
        using algorithm: Digest.Algorithm
    ) -> Bool {
        ConstantTime.equals(authenticationCode(for: message, key: key, using: algorithm), code)
    }
}
