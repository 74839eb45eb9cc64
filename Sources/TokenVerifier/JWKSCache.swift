import Foundation
import JOSE
import Synchronization

/// One issuer's signing keys: fetched on demand, cached, refetched for an unknown `kid` at most once per interval.
///
/// Lookups of cached keys take one short lock; a fetch runs outside it, one at a time, so a slow
/// IdP never blocks tokens whose keys are already known. A failed refetch keeps the cached keys.
public final class JWKSCache: Sendable {
    private struct State: Sendable {
        var keys: JWKSet?
        var fetchedAt: Date?
        var lastAttempt: Date?
    }

    /// Where the JWKS is fetched from.
    public let url: URL
    /// The least time between two fetches, in seconds.
    public let minimumRefetchInterval: TimeInterval
    /// How long a fetched set counts as fresh, in seconds; a stale set is refetched on next use.
    public let maximumAge: TimeInterval
    private let fetcher: any JWKSFetcher
    private let clock: @Sendable () -> Date
    private let state = Mutex(State())
    private let fetching = Mutex(())

    /// A cache for one JWKS URL; nothing is fetched until a key is asked for.
    public init(url: URL, fetcher: any JWKSFetcher, clock: @escaping @Sendable () -> Date = { Date() },
                minimumRefetchInterval: TimeInterval = 5, maximumAge: TimeInterval = 600) {
        self.url = url
        self.fetcher = fetcher
        self.clock = clock
        self.minimumRefetchInterval = minimumRefetchInterval
        self.maximumAge = maximumAge
    }

    /// The cached key set, if any fetch has succeeded.
    public var cachedKeys: JWKSet? {
        state.withLock { $0.keys }
    }

    /// The key whose `kid` is `id`; fetches when the set is missing, stale, or lacks `id` (rate-limited).
    public func key(id: String) throws -> JWK {
        let now = clock()
        let cached = state.withLock { state -> JWK? in
            guard let fetchedAt = state.fetchedAt, now.timeIntervalSince(fetchedAt) < maximumAge else { return nil }
            return state.keys?.key(id: id)
        }
        if let cached { return cached }
        return try fetching.withLock { _ throws(TokenVerificationError) -> JWK in
            try refetch(lookingFor: id)
        }
    }

    /// Runs with `fetching` held: re-checks the cache, then fetches if the rate limit allows.
    private func refetch(lookingFor id: String) throws(TokenVerificationError) -> JWK {
        let now = clock()
        let snapshot = state.withLock { $0 }
        let cached = snapshot.keys?.key(id: id)
        if let cached, let fetchedAt = snapshot.fetchedAt, now.timeIntervalSince(fetchedAt) < maximumAge {
            return cached
        }
        if let last = snapshot.lastAttempt, now.timeIntervalSince(last) < minimumRefetchInterval {
            if let cached { return cached }
            throw snapshot.keys == nil
                ? TokenVerificationError(.jwksUnavailable, "issuer keys not fetched yet (retry after the refetch interval)")
                : TokenVerificationError(.unknownKey, "no issuer key has the token's kid")
        }
        state.withLock { $0.lastAttempt = now }
        let fresh: JWKSet
        do {
            fresh = try JWKSet(json: fetcher.fetchJWKS(from: url))
        } catch {
            if let cached { return cached }
            let what = error is JOSEError ? "issuer JWKS did not parse" : "issuer JWKS could not be fetched"
            throw TokenVerificationError(.jwksUnavailable, what)
        }
        state.withLock {
            $0.keys = fresh
            $0.fetchedAt = now
        }
        guard let key = fresh.key(id: id) else {
            throw TokenVerificationError(.unknownKey, "no issuer key has the token's kid")
        }
        return key
    }
}
