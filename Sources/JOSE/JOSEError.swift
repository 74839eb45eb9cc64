/// The one error the JOSE module throws: a stable code, a short reason, and where it was thrown.
///
/// The reason never carries a token, a header, a payload or key material.
public struct JOSEError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; compare against the `static let` members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case malformed
            case tooLarge
            case unsupportedAlgorithm
            case algorithmMismatch
            case missingKeyID
            case unknownKey
            case invalidSignature
            case invalidKey
            case unsupportedKey
            case privateKeyMaterial
            case criticalHeader
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The input is not a well-formed compact JWS, JWK, JWKS or JSON document.
        public static let malformed = Code(.malformed)
        /// The input exceeds the size cap.
        public static let tooLarge = Code(.tooLarge)
        /// The algorithm is unknown, `none`, HMAC, or not on the caller's allow-list.
        public static let unsupportedAlgorithm = Code(.unsupportedAlgorithm)
        /// The algorithm does not fit the key (type, curve, the key's own `alg`, or its `use`).
        public static let algorithmMismatch = Code(.algorithmMismatch)
        /// The JWS header has no `kid`, but one is required.
        public static let missingKeyID = Code(.missingKeyID)
        /// No key carries the JWS header's `kid`.
        public static let unknownKey = Code(.unknownKey)
        /// The signature does not verify.
        public static let invalidSignature = Code(.invalidSignature)
        /// A key's components are malformed or not a valid public key.
        public static let invalidKey = Code(.invalidKey)
        /// The key type or curve is not supported (e.g. `oct`, X25519).
        public static let unsupportedKey = Code(.unsupportedKey)
        /// A public JWK or JWKS carries private key members (`d`, `p`, `q`, …).
        public static let privateKeyMaterial = Code(.privateKeyMaterial)
        /// The header names critical extensions (`crit`) this implementation does not understand.
        public static let criticalHeader = Code(.criticalHeader)

        /// The stable wire identifier of this code.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// A short human-readable reason, free of tokens and key material.
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
    public static func == (lhs: JOSEError, rhs: JOSEError) -> Bool {
        lhs.code == rhs.code
    }

    /// `JOSEError(code): reason (file:line)`.
    public var description: String {
        "JOSEError(\(code)): \(reason) (\(file):\(line))"
    }
}
