/// A JWS whose signature checked out under a key the caller trusts.
public struct VerifiedJWS: Sendable {
    /// The protected header.
    public let header: JWSHeader
    /// Every protected header member, as parsed.
    public let headerJSON: JSONValue
    /// The payload octets.
    public let payload: [UInt8]
    /// The `kid` of the key that verified it (nil for a caller-selected bare public key).
    public let keyID: String?

    /// The payload parsed as strict JSON (duplicate member names refused).
    public func payloadJSON() throws -> JSONValue {
        try JSONValue(parsing: payload)
    }
}
