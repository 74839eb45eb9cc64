import Cryptography
import JOSE

/// Builds `PublicKeyCredentialCreationOptionsJSON` for `PublicKeyCredential.parseCreationOptionsFromJSON`.
public struct CreationOptions: Sendable {
    /// RP ID.
    public var rpID: String
    /// RP display name.
    public var rpName: String
    /// The user handle (random, not personally identifying).
    public var userID: [UInt8]
    /// The user's account name.
    public var userName: String
    /// The user's display name.
    public var userDisplayName: String
    /// The single-use challenge (≥ 16 random bytes).
    public var challenge: [UInt8]
    /// Algorithms in preference order.
    public var algorithms: [COSEAlgorithm]
    /// Timeout in milliseconds.
    public var timeoutMilliseconds: Int
    /// The user's existing credentials, so the authenticator does not register twice.
    public var excludeCredentials: [CredentialDescriptor]
    /// Whether a discoverable credential (passkey) is wanted.
    public var residentKey: Requirement
    /// Whether user verification is wanted.
    public var userVerification: Requirement
    /// `none`, `indirect`, `direct` or `enterprise`.
    public var attestation: String

    /// Options with defaults: policy algorithms, 5 minutes, resident key preferred, UV preferred, direct attestation.
    public init(rpID: String, rpName: String, userID: [UInt8], userName: String, userDisplayName: String,
                challenge: [UInt8], algorithms: [COSEAlgorithm] = COSEAlgorithm.credentialDefaults,
                timeoutMilliseconds: Int = 300_000, excludeCredentials: [CredentialDescriptor] = [],
                residentKey: Requirement = .preferred, userVerification: Requirement = .preferred,
                attestation: String = "direct") {
        self.rpID = rpID
        self.rpName = rpName
        self.userID = userID
        self.userName = userName
        self.userDisplayName = userDisplayName
        self.challenge = challenge
        self.algorithms = algorithms
        self.timeoutMilliseconds = timeoutMilliseconds
        self.excludeCredentials = excludeCredentials
        self.residentKey = residentKey
        self.userVerification = userVerification
        self.attestation = attestation
    }

    /// The options as JSON.
    public var json: JSONValue {
        .object([
            "rp": .object(["id": .string(rpID), "name": .string(rpName)]),
            "user": .object([
                "id": .string(Base64URL.encode(userID)), "name": .string(userName), "displayName": .string(userDisplayName),
            ]),
            "challenge": .string(Base64URL.encode(challenge)),
            "pubKeyCredParams": .array(algorithms.filter { $0 != .insecureRS1 }.map {
                .object(["type": .string("public-key"), "alg": .number(Double($0.rawValue))])
            }),
            "timeout": .number(Double(timeoutMilliseconds)),
            "excludeCredentials": .array(excludeCredentials.map(\.json)),
            "authenticatorSelection": .object([
                "residentKey": .string(residentKey.rawValue),
                "requireResidentKey": .bool(residentKey == .required),
                "userVerification": .string(userVerification.rawValue),
            ]),
            "attestation": .string(attestation),
        ])
    }
}
