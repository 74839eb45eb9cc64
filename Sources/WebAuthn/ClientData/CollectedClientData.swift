import Cryptography
import JOSE

/// clientDataJSON (§5.8.1), parsed strictly and checked against what the relying party expects.
public struct CollectedClientData: Sendable {
    /// The ceremony a client data belongs to.
    public enum CeremonyType: String, Sendable {
        /// Registration.
        case create = "webauthn.create"
        /// Authentication.
        case get = "webauthn.get"
    }

    /// The exact bytes the client sent (hashed into signatures).
    public let rawRepresentation: [UInt8]
    /// The `type` member.
    public let type: String
    /// The decoded `challenge` member.
    public let challenge: [UInt8]
    /// The `origin` member.
    public let origin: String
    /// The `crossOrigin` member (false when absent).
    public let crossOrigin: Bool
    /// The `topOrigin` member, when present.
    public let topOrigin: String?

    /// Parses clientDataJSON; refuses invalid JSON, missing members and wrong member types.
    public init(bytes: [UInt8]) throws {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: bytes)
        } catch {
            throw WebAuthnError(.clientDataMismatch, "clientDataJSON is not valid JSON")
        }
        guard let type = json["type"]?.stringValue, let challenge = json["challenge"]?.stringValue,
              let origin = json["origin"]?.stringValue else {
            throw WebAuthnError(.clientDataMismatch, "clientDataJSON lacks type, challenge or origin")
        }
        guard let decoded = try? Base64URL.decode(challenge) else {
            throw WebAuthnError(.clientDataMismatch, "challenge is not base64url")
        }
        switch json["crossOrigin"] {
        case nil, .null?: crossOrigin = false
        case .bool(let value)?: crossOrigin = value
        default: throw WebAuthnError(.clientDataMismatch, "crossOrigin is not a boolean")
        }
        switch json["topOrigin"] {
        case nil: topOrigin = nil
        case .string(let value)?: topOrigin = value
        default: throw WebAuthnError(.clientDataMismatch, "topOrigin is not a string")
        }
        rawRepresentation = bytes
        self.type = type
        self.challenge = decoded
        self.origin = origin
    }

    /// SHA-256 of the raw bytes.
    public var hash: [UInt8] { Digest.sha256(rawRepresentation) }

    /// Checks type, challenge (constant time), origin, crossOrigin and topOrigin against `policy`.
    public func verify(type expected: CeremonyType, challenge expectedChallenge: [UInt8], policy: RelyingPartyPolicy) throws {
        guard type == expected.rawValue else {
            throw WebAuthnError(.clientDataMismatch, "type is not \(expected.rawValue)")
        }
        guard ConstantTime.equals(challenge, expectedChallenge) else {
            throw WebAuthnError(.clientDataMismatch, "challenge does not match")
        }
        guard policy.allowedOrigins.contains(origin) else {
            throw WebAuthnError(.clientDataMismatch, "origin is not allowed")
        }
        if crossOrigin && !policy.allowsCrossOrigin {
            throw WebAuthnError(.clientDataMismatch, "cross-origin use is not allowed")
        }
        if let topOrigin {
            guard policy.allowsCrossOrigin, policy.allowedTopOrigins.contains(topOrigin) else {
                throw WebAuthnError(.clientDataMismatch, "topOrigin is not allowed")
            }
        }
    }
}
