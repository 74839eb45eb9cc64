import Cryptography
import JOSE

/// Issues, refreshes, verifies, introspects and revokes a realm's tokens.
public final class TokenService: Sendable {
    /// The access-token `typ` (RFC 9068).
    public static let accessTokenType = "at+jwt"
    /// The audience of access tokens.
    public let audience: String
    let keys: SigningKeyManager
    let environment: AuthEnvironment

    /// A token service signing with `keys`.
    public init(keys: SigningKeyManager, audience: String, environment: AuthEnvironment) {
        self.keys = keys
        self.audience = audience
        self.environment = environment
    }

    /// Opens a session and issues its first access and refresh tokens.
    public func startSession(realm: RealmContext, user: User, amr: [String], mfaVerifiedAt: Int64?) throws -> TokenResponse {
        let now = environment.now()
        let session = Session(id: environment.randomID(), userID: user.id, authTime: now, amr: amr, mfaVerifiedAt: mfaVerifiedAt,
                              expiresAt: now + realm.policy.sessionSeconds)
        let refresh = environment.randomID(bytes: 32)
        try realm.store.insertSession(session, refreshTokenHash: Self.hash(refresh),
                                      refreshExpiresAt: min(session.expiresAt, now + realm.policy.refreshTokenSeconds))
        let access = try accessToken(realm: realm, session: session)
        try realm.emit(EventType.tokenIssued, user: user.id, client: nil, details: ["sid": session.id, "grant": "login"],
                       environment: environment)
        return TokenResponse(accessToken: access, expiresIn: realm.policy.accessTokenSeconds, refreshToken: refresh)
    }

    /// Records a step-up on the session and issues an access token with `mfaVerifiedAt` = now.
    func stepUp(realm: RealmContext, user: User, sessionID: String, factorAMR: [String], at now: Int64) throws -> TokenResponse {
        guard var session = try realm.store.session(id: sessionID), session.isActive(at: now), session.userID == user.id else {
            throw AuthError(.invalidToken, "the session has ended")
        }
        try realm.store.setMFAVerified(sessionID: session.id, at: now)
        session.mfaVerifiedAt = now
        var amr = session.amr
        for value in factorAMR + ["mfa"] where !amr.contains(value) { amr.append(value) }
        let access = try accessToken(realm: realm, session: session, amr: amr)
        try realm.emit(EventType.tokenIssued, user: user.id, client: nil, details: ["sid": session.id, "grant": "step_up"],
                       environment: environment)
        return TokenResponse(accessToken: access, expiresIn: realm.policy.accessTokenSeconds, refreshToken: nil)
    }

    /// `grant_type=refresh_token`: rotates the refresh token; a reused one revokes its whole session.
    public func refresh(realm: RealmContext, refreshToken: String, client: ClientInfo) throws -> TokenResponse {
        let now = environment.now()
        let next = environment.randomID(bytes: 32)
        let rotation = try realm.store.rotateRefreshToken(hash: Self.hash(refreshToken), newHash: Self.hash(next),
                                                          newExpiresAt: now + realm.policy.refreshTokenSeconds, now: now)
        switch rotation {
        case .invalid:
            try realm.emit(EventType.tokenRefused, user: nil, client: client, details: ["reason": "unknown_refresh_token"],
                           environment: environment)
            throw AuthError(.invalidToken, "the refresh token is invalid or expired")
        case .reused(let sessionID):
            try realm.store.revokeSession(id: sessionID, at: now)
            let userID = try realm.store.session(id: sessionID)?.userID
            try realm.emit(EventType.refreshTokenReused, user: userID, client: client, details: ["sid": sessionID],
                           environment: environment)
            throw AuthError(.invalidToken, "the refresh token was already used; the session is revoked")
        case .rotated(let sessionID):
            guard let session = try realm.store.session(id: sessionID), session.isActive(at: now),
                  let user = try realm.store.user(id: session.userID), !user.disabled else {
                throw AuthError(.invalidToken, "the session has ended")
            }
            let access = try accessToken(realm: realm, session: session)
            try realm.emit(EventType.tokenRefreshed, user: user.id, client: client, details: ["sid": session.id],
                           environment: environment)
            return TokenResponse(accessToken: access, expiresIn: realm.policy.accessTokenSeconds, refreshToken: next)
        }
    }

    /// Verifies one of this realm's access tokens: signature by a current key, issuer, audience,
    /// lifetime, and a session that is still active. Throws `.invalidToken` otherwise, recording a
    /// `token.refused` event with the reason when a client presented it.
    public func verify(realm: RealmContext, accessToken: String, client: ClientInfo? = nil) throws -> AccessClaims {
        do {
            let claims = try verifySignatureAndClaims(realm: realm, token: accessToken)
            guard let session = try realm.store.session(id: claims.sid), session.isActive(at: environment.now()) else {
                throw AuthError(.invalidToken, "the session has ended")
            }
            return claims
        } catch let error as AuthError where error.code == .invalidToken && client != nil {
            try realm.emit(EventType.tokenRefused, user: nil, client: client, details: ["reason": error.reason], environment: environment)
            throw error
        }
    }

    /// RFC 7662 introspection: the claims of an active access token, or nil (→ `{"active":false}`).
    public func introspect(realm: RealmContext, token: String) -> AccessClaims? {
        try? verify(realm: realm, accessToken: token)
    }

    /// RFC 7009 revocation of a refresh or access token: ends its session. Unknown tokens are ignored.
    public func revoke(realm: RealmContext, token: String, client: ClientInfo) throws {
        let sessionID: String?
        if let fromRefresh = try realm.store.sessionID(refreshTokenHash: Self.hash(token)) {
            sessionID = fromRefresh
        } else {
            sessionID = (try? verifySignatureAndClaims(realm: realm, token: token))?.sid
        }
        guard let sessionID, let session = try realm.store.session(id: sessionID), session.revokedAt == nil else { return }
        try realm.store.revokeSession(id: sessionID, at: environment.now())
        try realm.emit(EventType.sessionRevoked, user: session.userID, client: client, details: ["sid": sessionID],
                       environment: environment)
    }

    // MARK: - Access tokens

    func accessToken(realm: RealmContext, session: Session, amr: [String]? = nil) throws -> String {
        let now = environment.now()
        let amr = amr ?? session.amr
        let claims = AccessClaims(iss: realm.issuer, sub: session.userID, aud: audience, exp: now + realm.policy.accessTokenSeconds,
                                  iat: now, nbf: now, jti: environment.randomID(), authTime: session.authTime, amr: amr,
                                  acr: session.mfaVerifiedAt == nil ? "pwd" : "mfa", realm: realm.id, sid: session.id,
                                  mfaVerifiedAt: session.mfaVerifiedAt)
        let (record, key) = try keys.activeKey(realm)
        let header = JWSHeader(try JWSAlgorithm(wireName: record.algorithm), kid: record.kid, typ: Self.accessTokenType)
        return try JWS.sign(header: header, payload: Array(claims.json.jsonText.utf8), key: key)
    }

    func verifySignatureAndClaims(realm: RealmContext, token: String) throws -> AccessClaims {
        let unverified: UnverifiedJWS
        do {
            unverified = try UnverifiedJWS(compact: token)
        } catch {
            throw AuthError(.invalidToken, "the token is malformed")
        }
        guard let kid = unverified.header.keyID, let (key, algorithm) = try keys.verificationKey(realm, kid: kid) else {
            throw AuthError(.invalidToken, "the token's key is unknown in this realm")
        }
        guard unverified.header.type?.lowercased() == Self.accessTokenType else {
            throw AuthError(.invalidToken, "not an access token")
        }
        let verified: VerifiedJWS
        do {
            verified = try unverified.verify(with: key, allowedAlgorithms: [algorithm])
        } catch {
            throw AuthError(.invalidToken, "the token's signature is invalid")
        }
        let claims = try AccessClaims(json: try verified.payloadJSON())
        let now = environment.now()
        guard claims.iss == realm.issuer, claims.realm == realm.id else { throw AuthError(.invalidToken, "the token belongs to another realm") }
        guard claims.aud == audience else { throw AuthError(.invalidToken, "the token is for another audience") }
        guard claims.exp > now else { throw AuthError(.invalidToken, "the token has expired") }
        guard claims.nbf <= now + 30 else { throw AuthError(.invalidToken, "the token is not valid yet") }
        return claims
    }

    /// Refresh tokens are stored only as their SHA-256.
    static func hash(_ token: String) -> String {
        Hex.encode(Digest.sha256(Array(token.utf8)))
    }
}
