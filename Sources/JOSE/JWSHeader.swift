/// The protected header members Gatehouse reads and writes: `alg`, `kid`, `typ`.
public struct JWSHeader: Sendable, Hashable {
    /// The signature algorithm (`alg`).
    public var algorithm: JWSAlgorithm
    /// The key id (`kid`).
    public var keyID: String?
    /// The media type of the whole JWS (`typ`), e.g. `at+jwt`.
    public var type: String?

    /// A header for signing or comparison.
    public init(_ algorithm: JWSAlgorithm, kid: String? = nil, typ: String? = nil) {
        self.algorithm = algorithm
        self.keyID = kid
        self.type = typ
    }

    /// The compact JSON text in fixed member order: `alg`, `kid`, `typ`.
    public var jsonText: String {
        var out = "{\"alg\":" + JSONWriter.quoted(algorithm.wireName)
        if let keyID { out += ",\"kid\":" + JSONWriter.quoted(keyID) }
        if let type { out += ",\"typ\":" + JSONWriter.quoted(type) }
        return out + "}"
    }

    /// Reads `alg`, `kid`, `typ` from a parsed header object and refuses non-empty `crit`.
    init(parsing json: JSONValue) throws {
        guard case .object(let members) = json else { throw JOSEError(.malformed, "JWS header is not a JSON object") }
        guard case .string(let name)? = members["alg"] else { throw JOSEError(.malformed, "JWS header has no string alg") }
        self.algorithm = try JWSAlgorithm(wireName: name)
        self.keyID = try Self.optionalString(members["kid"], "kid")
        self.type = try Self.optionalString(members["typ"], "typ")
        if let critical = members["crit"] {
            guard case .array(let names) = critical else { throw JOSEError(.malformed, "JWS header crit is not an array") }
            guard names.isEmpty else { throw JOSEError(.criticalHeader, "JWS header names critical extensions") }
        }
    }

    private static func optionalString(_ value: JSONValue?, _ name: String) throws -> String? {
        switch value {
        case nil: return nil
        case .string(let text)?: return text
        default: throw JOSEError(.malformed, "JWS header \(name) is not a string")
        }
    }
}
