import Cryptography
import JOSE

/// A `PublicKeyCredentialDescriptorJSON`: a credential id and its transports.
public struct CredentialDescriptor: Sendable, Hashable {
    /// The credential id.
    public var id: [UInt8]
    /// Transports recorded at registration.
    public var transports: [String]

    /// A descriptor.
    public init(id: [UInt8], transports: [String] = []) {
        self.id = id
        self.transports = transports
    }

    var json: JSONValue {
        var members: [String: JSONValue] = ["type": .string("public-key"), "id": .string(Base64URL.encode(id))]
        if !transports.isEmpty { members["transports"] = .array(transports.map(JSONValue.string)) }
        return .object(members)
    }
}

/// `required`, `preferred` or `discouraged`, as residentKey and userVerification use them.
public enum Requirement: String, Sendable, Hashable {
    /// Must happen.
    case required
    /// Should happen when possible.
    case preferred
    /// Should not happen.
    case discouraged
}
