import Foundation
import JOSE

/// The claims of a Gatehouse access token whose signature, issuer, audience and times checked out.
public struct VerifiedClaims: Sendable {
    /// `iss`: `{public base}/realms/{realm}`.
    public let issuer: String
    /// `sub`: the user (or service) the token is about.
    public let subject: String
    /// `aud`: every audience the token names.
    public let audience: [String]
    /// `exp`.
    public let expiresAt: Date
    /// `iat`.
    public let issuedAt: Date
    /// `nbf`, when present.
    public let notBefore: Date?
    /// `jti`: the token's unique id, when present.
    public let tokenID: String?
    /// `auth_time`: when the user last authenticated interactively.
    public let authenticatedAt: Date?
    /// `amr` (RFC 8176): how the user authenticated, e.g. `pwd`, `otp`, `hwk`; empty when absent.
    public let authenticationMethods: [String]
    /// `acr`: the authentication context class.
    public let authenticationContext: String?
    /// `realm`: the tenant (or `platform`) the token belongs to.
    public let realm: String?
    /// `mfaVerifiedAt`: the last successful second-factor or step-up verification in this session; nil when none.
    public let mfaVerifiedAt: Date?
    /// `act` (RFC 8693): the acting party when an operator impersonates the subject.
    public let actor: ActorClaim?
    /// `sid`: the IdP session the token was issued in.
    public let sessionID: String?
    /// The `kid` of the key that verified the token.
    public let keyID: String
    /// The header `alg`.
    public let algorithm: JWSAlgorithm
    /// The whole claims object, for members not exposed above.
    public let json: JSONValue

    /// The raw value of claim `name`, if present.
    public subscript(claim name: String) -> JSONValue? {
        json[name]
    }

    /// Reads and type-checks every known claim of a verified payload.
    init(payload: JSONValue, keyID: String, algorithm: JWSAlgorithm) throws {
        let reader = try ClaimReader(payload)
        issuer = try reader.requiredString("iss")
        subject = try reader.requiredString("sub")
        audience = try reader.audience()
        expiresAt = try reader.requiredDate("exp")
        issuedAt = try reader.requiredDate("iat")
        notBefore = try reader.date("nbf")
        tokenID = try reader.string("jti")
        authenticatedAt = try reader.date("auth_time")
        authenticationMethods = try reader.strings("amr") ?? []
        authenticationContext = try reader.string("acr")
        realm = try reader.string("realm")
        mfaVerifiedAt = try reader.date("mfaVerifiedAt")
        actor = try payload["act"].map(ActorClaim.init(json:))
        sessionID = try reader.string("sid")
        self.keyID = keyID
        self.algorithm = algorithm
        self.json = payload
    }
}
