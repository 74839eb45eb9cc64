import Cryptography

extension JWK {
    /// Members that only a private JWK carries; a public key set must not contain them.
    static let privateMembers: Set<String> = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"]

    /// Parses a public JWK from JSON text.
    public init(json: some Collection<UInt8>) throws {
        try self.init(jsonValue: JSONValue(parsing: json))
    }

    /// Reads a public JWK object; refuses private members, unknown key types and malformed components.
    public init(jsonValue: JSONValue) throws {
        guard case .object(let members) = jsonValue else { throw JOSEError(.malformed, "JWK is not a JSON object") }
        if members.keys.contains(where: Self.privateMembers.contains) {
            throw JOSEError(.privateKeyMaterial, "JWK carries private key members")
        }
        let string = { (name: String) throws -> String? in
            switch members[name] {
            case nil: return nil
            case .string(let value)?: return value
            default: throw JOSEError(.malformed, "JWK member \(name) is not a string")
            }
        }
        let component = { (name: String) throws -> [UInt8] in
            guard let text = try string(name) else { throw JOSEError(.malformed, "JWK lacks \(name)") }
            do { return try Base64URL.decode(text) } catch {
                throw JOSEError(.malformed, "JWK member \(name) is not strict base64url")
            }
        }
        guard let kty = try string("kty") else { throw JOSEError(.malformed, "JWK lacks kty") }
        let parameters: PublicKey.Parameters
        switch kty {
        case "EC":
            guard let curve = try string("crv").flatMap(ECCurve.init(rawValue:)) else {
                throw JOSEError(.unsupportedKey, "EC JWK curve is not P-256, P-384 or P-521")
            }
            parameters = .ec(curve: curve, x: try component("x"), y: try component("y"))
        case "OKP":
            guard try string("crv") == "Ed25519" else { throw JOSEError(.unsupportedKey, "OKP JWK curve is not Ed25519") }
            parameters = .ed25519(x: try component("x"))
        case "RSA":
            parameters = .rsa(modulus: try component("n"), exponent: try component("e"))
        default:
            throw JOSEError(.unsupportedKey, "JWK key type is not EC, OKP or RSA")
        }
        let algorithm = try string("alg").map(JWSAlgorithm.init(wireName:))
        try self.init(parameters: parameters, keyID: try string("kid"), algorithm: algorithm, use: try string("use"))
    }

    /// The JWK as a JSON object (public members plus `kid`, `alg`, `use` when set).
    public var jsonValue: JSONValue {
        var members = requiredMembers
        if let keyID { members["kid"] = .string(keyID) }
        if let algorithm { members["alg"] = .string(algorithm.wireName) }
        if let use { members["use"] = .string(use) }
        return .object(members)
    }

    /// Compact JSON text of `jsonValue` (members sorted).
    public var jsonText: String { jsonValue.jsonText }
}
