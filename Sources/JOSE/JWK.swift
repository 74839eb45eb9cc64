import Cryptography

/// A public JSON Web Key (RFC 7517/7518, RFC 8037 OKP): EC P-256/384/521, Ed25519 or RSA.
public struct JWK: Sendable {
    /// The key, validated (on the curve, RSA ≥ 2048 bits).
    public let publicKey: PublicKey
    /// The raw components, as the JWK carries them.
    public let parameters: PublicKey.Parameters
    /// `kid`: the id a JWS header names to select this key.
    public let keyID: String?
    /// `alg`: when set, the only algorithm this key verifies.
    public let algorithm: JWSAlgorithm?
    /// `use`: `sig` for signature keys; keys with another use never verify.
    public let use: String?

    /// Wraps a public key; `algorithm`, when given, must fit the key.
    public init(publicKey: PublicKey, keyID: String?, algorithm: JWSAlgorithm? = nil, use: String? = "sig") throws {
        if let algorithm, !algorithm.fits(publicKey.type) {
            throw JOSEError(.algorithmMismatch, "alg \(algorithm.wireName) does not fit the key type")
        }
        self.publicKey = publicKey
        self.parameters = publicKey.parameters
        self.keyID = keyID
        self.algorithm = algorithm
        self.use = use
    }

    /// Builds a key from raw components (checked as `PublicKey` checks them).
    public init(parameters: PublicKey.Parameters, keyID: String?, algorithm: JWSAlgorithm? = nil, use: String? = "sig") throws {
        let key: PublicKey
        do {
            key = try PublicKey(parameters)
        } catch {
            throw JOSEError(.invalidKey, "JWK components do not form a valid public key")
        }
        try self.init(publicKey: key, keyID: keyID, algorithm: algorithm, use: use)
    }

    /// `kty`: `EC`, `OKP` or `RSA`.
    public var kty: String {
        switch parameters {
        case .ec: "EC"
        case .ed25519: "OKP"
        case .rsa: "RSA"
        }
    }

    /// `crv`: the curve name for EC and OKP keys.
    public var crv: String? {
        switch parameters {
        case .ec(let curve, _, _): curve.rawValue
        case .ed25519: "Ed25519"
        case .rsa: nil
        }
    }

    /// `x`, base64url.
    public var x: String? {
        switch parameters {
        case .ec(_, let x, _), .ed25519(let x): Base64URL.encode(x)
        case .rsa: nil
        }
    }

    /// `y`, base64url (EC only).
    public var y: String? {
        if case .ec(_, _, let y) = parameters { return Base64URL.encode(y) }
        return nil
    }

    /// `n`, base64url (RSA only).
    public var n: String? {
        if case .rsa(let modulus, _) = parameters { return Base64URL.encode(modulus) }
        return nil
    }

    /// `e`, base64url (RSA only).
    public var e: String? {
        if case .rsa(_, let exponent) = parameters { return Base64URL.encode(exponent) }
        return nil
    }

    /// The required members of this key type, per RFC 7638 §3.2.
    var requiredMembers: [String: JSONValue] {
        var members: [String: JSONValue] = ["kty": .string(kty)]
        if let crv { members["crv"] = .string(crv) }
        if let x { members["x"] = .string(x) }
        if let y { members["y"] = .string(y) }
        if let n { members["n"] = .string(n) }
        if let e { members["e"] = .string(e) }
        return members
    }
}

extension JWK: Equatable {
    /// Keys are equal when components, `kid`, `alg` and `use` are.
    public static func == (lhs: JWK, rhs: JWK) -> Bool {
        lhs.parameters == rhs.parameters && lhs.keyID == rhs.keyID && lhs.algorithm == rhs.algorithm && lhs.use == rhs.use
    }
}
