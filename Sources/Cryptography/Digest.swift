import COpenSSL
import Foundation

/// Message digests over OpenSSL's EVP interface.
public enum Digest {
    /// A digest algorithm. `.sha1` exists for HOTP/TOTP and legacy TPM data only.
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        /// SHA-1: legacy (RFC 4226/6238 HMAC-SHA1, TPM); never for new signatures.
        case sha1 = "SHA-1"
        /// SHA-256.
        case sha256 = "SHA-256"
        /// SHA-384.
        case sha384 = "SHA-384"
        /// SHA-512.
        case sha512 = "SHA-512"

        /// Output length in bytes.
        public var byteCount: Int {
            switch self {
            case .sha1: 20
            case .sha256: 32
            case .sha384: 48
            case .sha512: 64
            }
        }

        /// The static OpenSSL `EVP_MD` (never freed).
        var evpMD: OpaquePointer {
            switch self {
            case .sha1: EVP_sha1()
            case .sha256: EVP_sha256()
            case .sha384: EVP_sha384()
            case .sha512: EVP_sha512()
            }
        }
    }

    /// The digest of `data`. Traps only if libcrypto cannot allocate.
    public static func hash(_ data: some ContiguousBytes, using algorithm: Algorithm) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: algorithm.byteCount)
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { input in
            out.withUnsafeMutableBytes { output in
                EVP_Digest(input.baseAddress, input.count,
                           output.baseAddress?.assumingMemoryBound(to: UInt8.self), &length,
                           algorithm.evpMD, nil)
            }
        }
        guard ok == 1, Int(length) == algorithm.byteCount else {
            fatalError("Cryptography: EVP_Digest(\(algorithm.rawValue)) failed")
        }
        return out
    }

    /// SHA-256 of `data`.
    public static func sha256(_ data: some ContiguousBytes) -> [UInt8] {
        hash(data, using: .sha256)
    }
}
