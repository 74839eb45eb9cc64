/// An AuthCore failure: a stable `code`, a short `reason` safe to show, and where it was thrown.
/// Expected outcomes (a wrong code, a rejected factor) are values, not errors; these are refusals
/// the caller must answer with an error status.
public struct AuthError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable error code; adding one breaks no caller.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case unknownRealm = "unknown_realm"
            case invalidCredentials = "invalid_credentials"
            case throttled
            case flowNotFound = "flow_not_found"
            case flowExpired = "flow_expired"
            case tooManyAttempts = "too_many_attempts"
            case factorNotAllowed = "factor_not_allowed"
            case enrollmentRequired = "enrollment_required"
            case noPendingChallenge = "no_pending_challenge"
            case lastFactor = "last_factor"
            case notFound = "not_found"
            case conflict
            case invalidInput = "invalid_input"
            case invalidToken = "invalid_token"
            case insufficientAuthentication = "insufficient_user_authentication"
            case forbidden
            case unavailable
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        public static let unknownRealm = Code(.unknownRealm)
        public static let invalidCredentials = Code(.invalidCredentials)
        public static let throttled = Code(.throttled)
        public static let flowNotFound = Code(.flowNotFound)
        public static let flowExpired = Code(.flowExpired)
        public static let tooManyAttempts = Code(.tooManyAttempts)
        public static let factorNotAllowed = Code(.factorNotAllowed)
        public static let enrollmentRequired = Code(.enrollmentRequired)
        public static let noPendingChallenge = Code(.noPendingChallenge)
        public static let lastFactor = Code(.lastFactor)
        public static let notFound = Code(.notFound)
        public static let conflict = Code(.conflict)
        public static let invalidInput = Code(.invalidInput)
        public static let invalidToken = Code(.invalidToken)
        public static let insufficientAuthentication = Code(.insufficientAuthentication)
        public static let forbidden = Code(.forbidden)
        public static let unavailable = Code(.unavailable)

        /// The wire identifier (snake_case).
        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// A short explanation, never containing a secret or a submitted value.
    public let reason: String
    /// Seconds the caller should wait (throttling), or the maximum MFA age (step-up).
    public let seconds: Int?
    /// Where it was thrown.
    public let file: String
    public let line: Int

    /// An error with a code and a reason.
    public init(_ code: Code, _ reason: String, seconds: Int? = nil, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.seconds = seconds
        self.file = file
        self.line = line
    }

    public var description: String { "AuthError(\(code)): \(reason)" }

    public static func == (a: AuthError, b: AuthError) -> Bool { a.code == b.code }
}
