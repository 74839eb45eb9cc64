import Cryptography
import JOSE

/// Builds `PublicKeyCredentialRequestOptionsJSON` for `PublicKeyCredential.parseRequestOptionsFromJSON`.
public struct RequestOptions: Sendable {
    /// The single-use challenge (≥ 16 random bytes).
    public var challenge: [UInt8]
    /// RP ID.
    public var rpID: String
    /// The credentials that may answer; empty for discoverable credentials (passkeys).
    public var allowCredentials: [CredentialDescriptor]
    /// Whether user verification is wanted.
    public var userVerification: Requirement
    /// Timeout in milliseconds.
    public var timeoutMilliseconds: Int

    /// Options with defaults: discoverable, UV preferred, 5 minutes.
    public init(challenge: [UInt8], rpID: String, allowCredentials: [CredentialDescriptor] = [],
                userVerification: Requirement = .preferred, timeoutMilliseconds: Int = 300_000) {
        self.challenge = challenge
        self.rpID = rpID
        self.allowCredentials = allowCredentials
        self.userVerification = userVerification
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// The options as JSON.
    public var json: JSONValue {
        .object([
            "challenge": .string(Base64URL.encode(challenge)),
            "rpId": .string(rpID),
            "allowCredentials": .array(allowCredentials.map(\.json)),
            "userVerification": .string(userVerification.rawValue),
            "timeout": .number(Double(timeoutMilliseconds)),
        ])
    }
}
