import Foundation
import JOSE

/// What a service trusts: one issuer (a Gatehouse realm), its own audience, algorithms, leeway and clock.
public struct TokenVerifierConfiguration: Sendable {
    /// The exact `iss` expected: `{public base}/realms/{realm}`.
    public var issuer: String
    /// The audience this service answers to; `aud` must contain it.
    public var audience: String
    /// Where the issuer's keys live; nil means `{issuer}/jwks`.
    public var jwksURL: URL?
    /// Algorithms accepted in the header (default ES256, ES384, EdDSA).
    public var allowedAlgorithms: Set<JWSAlgorithm>
    /// Clock skew tolerated for `exp`, `nbf` and `iat`, in seconds.
    public var leeway: TimeInterval
    /// The current time (injected so tests pin it).
    public var clock: @Sendable () -> Date
    /// How the JWKS is fetched.
    public var fetcher: any JWKSFetcher
    /// The least time between two JWKS fetches, in seconds (a flood of unknown `kid`s cannot hammer the IdP).
    public var minimumRefetchInterval: TimeInterval
    /// How long fetched keys count as fresh, in seconds.
    public var cacheMaximumAge: TimeInterval
    /// The largest token accepted, in bytes.
    public var maximumTokenBytes: Int

    /// A configuration with Gatehouse's defaults for everything but issuer and audience.
    public init(
        issuer: String,
        audience: String,
        jwksURL: URL? = nil,
        allowedAlgorithms: Set<JWSAlgorithm> = [.es256, .es384, .eddsa],
        leeway: TimeInterval = 30,
        clock: @escaping @Sendable () -> Date = { Date() },
        fetcher: any JWKSFetcher = URLSessionJWKSFetcher(),
        minimumRefetchInterval: TimeInterval = 5,
        cacheMaximumAge: TimeInterval = 600,
        maximumTokenBytes: Int = UnverifiedJWS.maximumCompactLength
    ) {
        self.issuer = issuer
        self.audience = audience
        self.jwksURL = jwksURL
        self.allowedAlgorithms = allowedAlgorithms
        self.leeway = leeway
        self.clock = clock
        self.fetcher = fetcher
        self.minimumRefetchInterval = minimumRefetchInterval
        self.cacheMaximumAge = cacheMaximumAge
        self.maximumTokenBytes = maximumTokenBytes
    }

    /// The JWKS URL in use: the explicit one, or `{issuer}/jwks`.
    public func resolvedJWKSURL() throws -> URL {
        if let jwksURL { return jwksURL }
        let base = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        guard let url = URL(string: base + "/jwks"), url.scheme != nil, url.host != nil else {
            throw TokenVerificationError(.invalidConfiguration, "issuer is not an absolute URL")
        }
        return url
    }
}
