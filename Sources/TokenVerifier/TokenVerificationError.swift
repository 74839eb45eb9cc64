/// Why a bearer token was refused: a stable code, a short reason, and where it was thrown.
///
/// The reason never carries the token, its header, its claims or a key.
public struct TokenVerificationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of refusal this is; compare against the `static let` members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case malformed
            case unsupportedAlgorithm
            case algorithmMismatch
            case unknownKey
            case invalidSignature
            case wrongType
            case wrongIssuer
            case wrongAudience
            case expired
            case notYetValid
            case missingClaim
            case invalidClaim
            case jwksUnavailable
            case invalidConfiguration
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Not a compact JWS, bad base64url or JSON, too large, or `crit` extensions.
        public static let malformed = Code(.malformed)
        /// `alg` is `none`, HMAC, unknown, or not on the configured allow-list.
        public static let unsupportedAlgorithm = Code(.unsupportedAlgorithm)
        /// `alg` does not fit the key the `kid` names.
        public static let algorithmMismatch = Code(.algorithmMismatch)
        /// No `kid`, or no key with that `kid` in the issuer's JWKS (after an allowed refetch).
        public static let unknownKey = Code(.unknownKey)
        /// The signature does not verify.
        public static let invalidSignature = Code(.invalidSignature)
        /// The header `typ` is not `at+jwt` (RFC 9068).
        public static let wrongType = Code(.wrongType)
        /// `iss` is not the configured issuer.
        public static let wrongIssuer = Code(.wrongIssuer)
        /// `aud` does not contain the configured audience.
        public static let wrongAudience = Code(.wrongAudience)
        /// `exp` has passed (beyond the leeway).
        public static let expired = Code(.expired)
        /// `nbf` or `iat` lies in the future (beyond the leeway).
        public static let notYetValid = Code(.notYetValid)
        /// A required claim (`iss`, `sub`, `aud`, `exp`, `iat`) is absent.
        public static let missingClaim = Code(.missingClaim)
        /// A claim has the wrong JSON type or an impossible value.
        public static let invalidClaim = Code(.invalidClaim)
        /// The issuer's JWKS could not be fetched or parsed and no cached keys exist.
        public static let jwksUnavailable = Code(.jwksUnavailable)
        /// The verifier's configuration is unusable (e.g. no JWKS URL can be derived).
        public static let invalidConfiguration = Code(.invalidConfiguration)

        /// The stable wire identifier of this code.
        public var description: String { base.rawValue }
    }

    /// The kind of refusal.
    public let code: Code
    /// A short human-readable reason, free of the token.
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
    public static func == (lhs: TokenVerificationError, rhs: TokenVerificationError) -> Bool {
        lhs.code == rhs.code
    }

    /// `TokenVerificationError(code): reason (file:line)`.
    public var description: String {
        "TokenVerificationError(\(code)): \(reason) (\(file):\(line))"
    }
}
