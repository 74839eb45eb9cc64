/// A public JWK Set (`{"keys":[…]}`, RFC 7517 §5) with lookup by `kid`.
public struct JWKSet: Sendable, Equatable {
    /// The usable keys, in document order.
    public let keys: [JWK]
    /// How many members were skipped because their type, curve or `alg` is not supported here.
    public let skippedKeyCount: Int

    /// A set of keys; `kid`s must be unique.
    public init(keys: [JWK]) throws {
        try self.init(keys: keys, skipped: 0)
    }

    private init(keys: [JWK], skipped: Int) throws {
        var seen: Set<String> = []
        for key in keys {
            guard let kid = key.keyID else { continue }
            guard seen.insert(kid).inserted else { throw JOSEError(.malformed, "JWKS has two keys with one kid") }
        }
        self.keys = keys
        self.skippedKeyCount = skipped
    }

    /// Parses a JWKS document; skips keys of unsupported types, refuses private members and malformed keys.
    public init(json: some Collection<UInt8>) throws {
        let document = try JSONValue(parsing: json)
        guard case .array(let members)? = document["keys"] else { throw JOSEError(.malformed, "JWKS has no keys array") }
        var keys: [JWK] = []
        var skipped = 0
        for member in members {
            do {
                keys.append(try JWK(jsonValue: member))
            } catch let error as JOSEError where error.code == .unsupportedKey || error.code == .unsupportedAlgorithm {
                skipped += 1
            }
        }
        try self.init(keys: keys, skipped: skipped)
    }

    /// The key whose `kid` is `id`, if any (never a fallback key).
    public func key(id: String) -> JWK? {
        keys.first { $0.keyID == id }
    }

    /// The set as a JSON object.
    public var jsonValue: JSONValue {
        .object(["keys": .array(keys.map(\.jsonValue))])
    }

    /// Compact JSON text of the set.
    public var jsonText: String { jsonValue.jsonText }
}
