import JOSE

/// The RFC 8693 `act` claim: who is acting on behalf of the token's subject (impersonation).
public struct ActorClaim: Sendable, Hashable {
    /// The acting party's `sub`.
    public let subject: String
    /// The acting party's `iss`, when given.
    public let issuer: String?
    /// The whole `act` object, including any nested prior actors.
    public let json: JSONValue

    /// Reads an `act` object; it must carry a string `sub`.
    init(json: JSONValue) throws {
        guard case .string(let subject)? = json["sub"] else {
            throw TokenVerificationError(.invalidClaim, "act is not an object with a string sub")
        }
        if let issuer = json["iss"], issuer.stringValue == nil {
            throw TokenVerificationError(.invalidClaim, "act.iss is not a string")
        }
        self.subject = subject
        self.issuer = json["iss"]?.stringValue
        self.json = json
    }
}
