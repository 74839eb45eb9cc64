/// The one error the Cryptography module throws: a stable code, a short reason, and where it was thrown.
///
/// The reason never carries key material, passwords, plaintext or hashes.
public struct CryptographyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; compare against the `static let` members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case invalidKey
            case invalidSignatureEncoding
            case verificationFailed
            case malformedInput
            case certificateInvalid
            case libraryFailure
            case unsupportedAlgorithm
            case algorithmMismatch
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A key is malformed, of the wrong size, or not on its curve.
        public static let invalidKey = Code(.invalidKey)
        /// A signature's encoding (raw length, DER structure) is not acceptable.
        public static let invalidSignatureEncoding = Code(.invalidSignatureEncoding)
        /// An authenticated decryption failed (tag mismatch, wrong key or AAD).
        public static let verificationFailed = Code(.verificationFailed)
        /// An input (encoding, hash string, certificate bytes) is malformed.
        public static let malformedInput = Code(.malformedInput)
        /// A certificate chain did not verify; the reason names the OpenSSL verify error.
        public static let certificateInvalid = Code(.certificateInvalid)
        /// The underlying C library failed unexpectedly.
        public static let libraryFailure = Code(.libraryFailure)
        /// The algorithm or key type is not supported here.
        public static let unsupportedAlgorithm = Code(.unsupportedAlgorithm)
        /// The key does not belong to the requested algorithm (e.g. a P-384 key for ES256).
        public static let algorithmMismatch = Code(.algorithmMismatch)

        /// The stable wire identifier of this code.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// A short human-readable reason, free of secrets.
    public let reason: String
    /// The source file that threw.
    public let file: String
    /// The source line that threw.
    public let line: UInt

    /// Creates an error; `file` and `line` default to the call site.
    public init(_ code: Code, _ reason: String, file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    /// Errors are equal when their codes are equal.
    public static func == (lhs: CryptographyError, rhs: CryptographyError) -> Bool {
        lhs.code == rhs.code
    }

    /// `CryptographyError(code): reason (file:line)`.
    public var description: String {
        "CryptographyError(\(code)): \(reason) (\(file):\(line))"
    }
}
