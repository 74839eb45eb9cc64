import COpenSSL
import Foundation

/// The one constant-time comparison everything in Gatehouse calls.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes; time depends only on the lengths.
    public static func equals(_ a: some ContiguousBytes, _ b: some ContiguousBytes) -> Bool {
        a.withUnsafeBytes { left in
            b.withUnsafeBytes { right in
                guard left.count == right.count else { return false }
                guard left.count > 0, let l = left.baseAddress, let r = right.baseAddress else { return true }
                return CRYPTO_memcmp(l, r, left.count) == 0
            }
        }
    }
}
