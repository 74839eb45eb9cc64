import Cryptography

/// HOTP (RFC 4226) and TOTP (RFC 6238) code computation for one set of parameters.
public struct OneTimePassword: Sendable, Equatable {
    /// The HMAC algorithm.
    public let algorithm: TOTPAlgorithm
    /// Digits per code (6 or 8).
    public let digits: Int
    /// Seconds per time step.
    public let period: Int64

    /// Parameters; digits must be 6 or 8 and the period positive.
    public init(algorithm: TOTPAlgorithm = .sha1, digits: Int = 6, period: Int64 = 30) throws {
        guard digits == 6 || digits == 8 else { throw TOTPError(.invalidConfiguration, "TOTP codes have 6 or 8 digits") }
        guard period > 0 else { throw TOTPError(.invalidConfiguration, "the TOTP period must be positive") }
        self.algorithm = algorithm
        self.digits = digits
        self.period = period
    }

    /// The time step (RFC 6238 `T`, with `T0` = 0) that contains `time`.
    public func step(at time: Int64) -> Int64 {
        time >= 0 ? time / period : (time - period + 1) / period
    }

    /// The HOTP value for `counter` (RFC 4226 §5.3: dynamic truncation, modulo 10^digits), zero-padded.
    public func code(secret: SecretBytes, counter: Int64) -> String {
        let message = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: counter) >> (56 - 8 * UInt64($0))) }
        let mac = HMAC.authenticationCode(for: message, key: secret, using: algorithm.digest)
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        let value = binary % (digits == 8 ? 100_000_000 : 1_000_000)
        let text = String(value)
        return String(repeating: "0", count: digits - text.count) + text
    }

    /// Whether `submitted` has the shape of a code: exactly `digits` ASCII digits, nothing else.
    public func isWellFormed(_ submitted: String) -> Bool {
        let bytes = Array(submitted.utf8)
        return bytes.count == digits && bytes.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// The step whose code `submitted` is, among the step at `time` and one step either side (never more), and only
    /// steps after `lastAccepted` (a replayed or older code is refused); nil when none matches.
    public func acceptedStep(for submitted: String, secret: SecretBytes, at time: Int64, after lastAccepted: Int64?) -> Int64? {
        guard isWellFormed(submitted) else { return nil }
        let current = step(at: time)
        var accepted: Int64?
        // Every candidate is computed and compared (constant time) so timing does not say which step matched.
        for candidate in (current - 1)...(current + 1) {
            let matches = ConstantTime.equals(Array(code(secret: secret, counter: candidate).utf8), Array(submitted.utf8))
            if matches, candidate > (lastAccepted ?? Int64.min), accepted == nil { accepted = candidate }
        }
        return accepted
    }
}

/// The HMAC algorithms an authenticator app understands (the otpauth `algorithm` parameter).
public enum TOTPAlgorithm: String, Sendable, CaseIterable {
    case sha1 = "SHA1"
    case sha256 = "SHA256"
    case sha512 = "SHA512"

    /// The digest behind it.
    public var digest: Digest.Algorithm {
        switch self {
        case .sha1: .sha1
        case .sha256: .sha256
        case .sha512: .sha512
        }
    }
}
