/// The one error the WebAuthn module throws: a stable code, a short reason, and where it was thrown.
///
/// The reason never carries challenges, credential ids, keys or signatures.
public struct WebAuthnError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; compare against the `static let` members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case malformedCBOR
            case malformedAuthenticatorData
            case malformedResponse
            case clientDataMismatch
            case rpIdMismatch
            case userPresenceMissing
            case userVerificationMissing
            case unsupportedAlgorithm
            case algorithmMismatch
            case invalidKey
            case credentialIdMismatch
            case credentialNotAllowed
            case userHandleMismatch
            case attestationInvalid
            case untrustedAttestation
            case unsupportedFormat
            case signatureInvalid
            case backupStateInvalid
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// CBOR bytes are malformed, non-definite, too deep, too large, or have trailing bytes.
        public static let malformedCBOR = Code(.malformedCBOR)
        /// Authenticator data is truncated, has trailing bytes or inconsistent flags.
        public static let malformedAuthenticatorData = Code(.malformedAuthenticatorData)
        /// The response JSON lacks a member, has a wrong type or bad base64url.
        public static let malformedResponse = Code(.malformedResponse)
        /// clientDataJSON has the wrong type, challenge, origin, crossOrigin or topOrigin.
        public static let clientDataMismatch = Code(.clientDataMismatch)
        /// The rpIdHash is not SHA-256 of the RP ID.
        public static let rpIdMismatch = Code(.rpIdMismatch)
        /// The UP flag is not set.
        public static let userPresenceMissing = Code(.userPresenceMissing)
        /// User verification was required and the UV flag is not set.
        public static let userVerificationMissing = Code(.userVerificationMissing)
        /// The algorithm or key type is not supported or not allowed by policy.
        public static let unsupportedAlgorithm = Code(.unsupportedAlgorithm)
        /// A key does not belong to its declared algorithm (e.g. a P-384 key with ES256).
        public static let algorithmMismatch = Code(.algorithmMismatch)
        /// A COSE key is malformed or not a valid public key.
        public static let invalidKey = Code(.invalidKey)
        /// id, rawId and the credential id in authenticator data disagree, or the id is too long.
        public static let credentialIdMismatch = Code(.credentialIdMismatch)
        /// The credential is not in the allow list sent with the request.
        public static let credentialNotAllowed = Code(.credentialNotAllowed)
        /// The user handle does not belong to the credential.
        public static let userHandleMismatch = Code(.userHandleMismatch)
        /// An attestation statement is malformed or does not verify.
        public static let attestationInvalid = Code(.attestationInvalid)
        /// The attestation chain did not reach a trust anchor that policy requires.
        public static let untrustedAttestation = Code(.untrustedAttestation)
        /// The attestation format is not implemented.
        public static let unsupportedFormat = Code(.unsupportedFormat)
        /// The assertion signature does not verify.
        public static let signatureInvalid = Code(.signatureInvalid)
        /// BE/BS flags are inconsistent (BS without BE, or BE changed since registration).
        public static let backupStateInvalid = Code(.backupStateInvalid)

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
    public static func == (lhs: WebAuthnError, rhs: WebAuthnError) -> Bool {
        lhs.code == rhs.code
    }

    /// `WebAuthnError(code): reason (file:line)`.
    public var description: String {
        "WebAuthnError(\(code)): \(reason) (\(file):\(line))"
    }
}
