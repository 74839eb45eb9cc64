import Foundation

/// Fetches a JWKS document; implementations block the calling thread and must be thread-safe.
public protocol JWKSFetcher: Sendable {
    /// The raw JWKS bytes at `url`; throws on transport errors and non-200 answers.
    func fetchJWKS(from url: URL) throws -> [UInt8]
}

/// Why a fetch failed (transport, status, size); carries no response body.
public struct JWKSFetchError: Error, Sendable, CustomStringConvertible {
    /// A short reason.
    public let reason: String

    /// Creates a fetch error.
    public init(_ reason: String) { self.reason = reason }

    /// The reason.
    public var description: String { "JWKS fetch failed: \(reason)" }
}
