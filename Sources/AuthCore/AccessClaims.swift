import JOSE

/// The claims of a Gatehouse access token (RFC 9068 profile plus `realm`, `sid` and `mfaVerifiedAt`).
public struct AccessClaims: Sendable, Equatable {
    public var iss: String
    public var sub: String
    public var aud: String
    public var exp: Int64
    public var iat: Int64
    public var nbf: Int64
    public var jti: String
    public var authTime: Int64
    public var amr: [String]
    public var acr: String
    public var realm: String
    /// The session (`sid`): what refresh, step-up and revocation act on.
    public var sid: String
    /// The last successful second-factor or step-up verification of the session; nil when none.
    public var mfaVerifiedAt: Int64?
    /// The acting party for impersonation (RFC 8693 `act.sub`).
    public var actor: String?

    /// Claims for one token.
    public init(iss: String, sub: String, aud: String, exp: Int64, iat: Int64, nbf: Int64, jti: String, authTime: Int64,
                amr: [String], acr: String, realm: String, sid: String, mfaVerifiedAt: Int64?, actor: String? = nil) {
        self.iss = iss; self.sub = sub; self.aud = aud; self.exp = exp; self.iat = iat; self.nbf = nbf; self.jti = jti
        self.authTime = authTime; self.amr = amr; self.acr = acr; self.realm = realm; self.sid = sid
        self.mfaVerifiedAt = mfaVerifiedAt; self.actor = actor
    }

    /// The claims as a JSON object.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "iss": .string(iss), "sub": .string(sub), "aud": .string(aud), "exp": .number(Double(exp)),
            "iat": .number(Double(iat)), "nbf": .number(Double(nbf)), "jti": .string(jti),
            "auth_time": .number(Double(authTime)), "amr": .array(amr.map { .string($0) }), "acr": .string(acr),
            "realm": .string(realm), "sid": .string(sid),
        ]
        if let mfaVerifiedAt { members["mfaVerifiedAt"] = .number(Double(mfaVerifiedAt)) }
        if let actor { members["act"] = .object(["sub": .string(actor)]) }
        return .object(members)
    }

    /// Reads claims from a verified payload; throws `.invalidToken` when a member is missing or mistyped.
    public init(json: JSONValue) throws {
        func string(_ name: String) throws -> String {
            guard let value = json[name]?.stringValue else { throw AuthError(.invalidToken, "claim \(name) is missing") }
            return value
        }
        func number(_ name: String) throws -> Int64 {
            guard let value = json[name]?.numberValue, value == value.rounded(), abs(value) < 1e15 else {
                throw AuthError(.invalidToken, "claim \(name) is missing")
            }
            return Int64(value)
        }
        let aud: String
        if let single = json["aud"]?.stringValue { aud = single }
        else if let first = json["aud"]?.arrayValue?.first?.stringValue { aud = first }
        else { throw AuthError(.invalidToken, "claim aud is missing") }
        self.init(iss: try string("iss"), sub: try string("sub"), aud: aud, exp: try number("exp"), iat: try number("iat"),
                  nbf: try number("nbf"), jti: try string("jti"), authTime: try number("auth_time"),
                  amr: json["amr"]?.arrayValue?.compactMap(\.stringValue) ?? [], acr: try string("acr"),
                  realm: try string("realm"), sid: try string("sid"),
                  mfaVerifiedAt: json["mfaVerifiedAt"] == nil ? nil : try number("mfaVerifiedAt"),
                  actor: json["act"]?["sub"]?.stringValue)
    }
}
