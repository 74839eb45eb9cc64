import Foundation
import JOSE

/// Checks Gatehouse access tokens offline against the issuer's JWKS; thread-safe, blocking on a JWKS fetch only.
public final class TokenVerifier: Sendable {
    /// The configuration it was built with.
    public let configuration: TokenVerifierConfiguration
    /// The issuer's key cache.
    public let keys: JWKSCache

    /// A verifier for one issuer; throws when no JWKS URL can be derived.
    public init(configuration: TokenVerifierConfiguration) throws {
        guard !configuration.issuer.isEmpty, !configuration.audience.isEmpty else {
            throw TokenVerificationError(.invalidConfiguration, "issuer and audience must not be empty")
        }
        self.configuration = configuration
        self.keys = JWKSCache(url: try configuration.resolvedJWKSURL(), fetcher: configuration.fetcher,
                              clock: configuration.clock,
                              minimumRefetchInterval: configuration.minimumRefetchInterval,
                              maximumAge: configuration.cacheMaximumAge)
    }

    /// The token of an `Authorization: Bearer …` header value, or nil when the value is not a bearer credential.
    public static func bearerToken(fromAuthorization value: String?) -> String? {
        guard let value else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// Verifies a compact access token: type, `kid`, algorithm, signature, `iss`, `aud`, `exp`/`nbf`/`iat`.
    public func verify(_ bearer: String) throws -> VerifiedClaims {
        let jws: UnverifiedJWS
        do {
            jws = try UnverifiedJWS(compact: bearer, maximumLength: configuration.maximumTokenBytes)
        } catch let error as JOSEError {
            throw Self.translate(error)
        }
        guard configuration.allowedAlgorithms.contains(jws.header.algorithm) else {
            throw TokenVerificationError(.unsupportedAlgorithm, "\(jws.header.algorithm.wireName) is not allowed")
        }
        guard let type = jws.header.type, Self.isAccessTokenType(type) else {
            throw TokenVerificationError(.wrongType, "header typ is not at+jwt")
        }
        guard let kid = jws.header.keyID else {
            throw TokenVerificationError(.unknownKey, "token has no kid")
        }
        let key = try keys.key(id: kid)
        let claims: VerifiedClaims
        do {
            let verified = try jws.verify(with: key, allowedAlgorithms: configuration.allowedAlgorithms)
            claims = try VerifiedClaims(payload: verified.payloadJSON(), keyID: kid, algorithm: jws.header.algorithm)
        } catch let error as JOSEError {
            throw Self.translate(error)
        }
        try check(claims)
        return claims
    }

    /// Judges how recent the last second-factor verification is, against this verifier's clock.
    public func requireMFA(_ claims: VerifiedClaims, maxAge: TimeInterval) -> MFAFreshness {
        MFAFreshness(mfaVerifiedAt: claims.mfaVerifiedAt, maxAge: maxAge, now: configuration.clock())
    }

    /// `at+jwt` or `application/at+jwt`, case-insensitively (RFC 9068 §2.1).
    static func isAccessTokenType(_ type: String) -> Bool {
        let lowered = type.lowercased()
        return lowered == "at+jwt" || lowered == "application/at+jwt"
    }

    private func check(_ claims: VerifiedClaims) throws {
        guard claims.issuer == configuration.issuer else {
            throw TokenVerificationError(.wrongIssuer, "iss is not the configured issuer")
        }
        guard claims.audience.contains(configuration.audience) else {
            throw TokenVerificationError(.wrongAudience, "aud does not contain the configured audience")
        }
        let now = configuration.clock()
        let leeway = configuration.leeway
        guard now < claims.expiresAt.addingTimeInterval(leeway) else {
            throw TokenVerificationError(.expired, "token has expired")
        }
        if let notBefore = claims.notBefore, now < notBefore.addingTimeInterval(-leeway) {
            throw TokenVerificationError(.notYetValid, "token is not valid yet (nbf)")
        }
        guard claims.issuedAt <= now.addingTimeInterval(leeway) else {
            throw TokenVerificationError(.notYetValid, "token was issued in the future (iat)")
        }
    }

    private static func translate(_ error: JOSEError) -> TokenVerificationError {
        let code: TokenVerificationError.Code = switch error.code {
        case .unsupportedAlgorithm: .unsupportedAlgorithm
        case .algorithmMismatch: .algorithmMismatch
        case .missingKeyID, .unknownKey: .unknownKey
        case .invalidSignature: .invalidSignature
        default: .malformed
        }
        return TokenVerificationError(code, error.reason)
    }
}
