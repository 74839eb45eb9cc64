import COpenSSL
import Foundation

/// A source of cryptographically secure random bytes; injected so tests can pin it.
public protocol RandomSource: Sendable {
    /// Fills `buffer` entirely with random bytes.
    func fill(_ buffer: UnsafeMutableRawBufferPointer)
}

extension RandomSource {
    /// `count` random bytes.
    public func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "RandomSource: negative count")
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { fill($0) }
        return out
    }
}

/// The operating system CSPRNG through OpenSSL's `RAND_bytes`.
///
/// A failing CSPRNG is unrecoverable: `fill` traps with a clear message rather than return weak bytes.
public struct SystemRandom: RandomSource {
    /// The system random source.
    public init() {}

    /// Fills `buffer` from `RAND_bytes`; traps if OpenSSL cannot produce randomness.
    public func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        var offset = 0
        while offset < buffer.count {
            let chunk = min(buffer.count - offset, Int(Int32.max))
            guard RAND_bytes(base.advanced(by: offset).assumingMemoryBound(to: UInt8.self), Int32(chunk)) == 1 else {
                fatalError("Cryptography: RAND_bytes failed; refusing to continue without a working CSPRNG")
            }
            offset += chunk
        }
    }
}

/// Convenience access to the system CSPRNG.
public enum SecureRandom {
    /// `count` bytes from `RAND_bytes` (traps if the CSPRNG fails).
    public static func bytes(_ count: Int) -> [UInt8] {
        SystemRandom().bytes(count)
    }
}
