import AuthCore
import Cryptography
import Foundation
import HTTPServer

/// The resource servers that may call introspection. RFC 7662 §2.1 requires the caller to authenticate, so
/// that nobody can probe tokens: HTTP Basic with a client id and secret (RFC 6749 §2.3.1). The configuration
/// holds only the SHA-256 of each secret (secrets are long random strings, not passwords). Guessing is throttled
/// (RFC 6749 §2.3.1) per claimed id and address and per address (IPv6 by /64), before the secret is compared —
/// but never per id alone: strangers guessing elsewhere must not lock the real resource server out.
struct IntrospectionClients: Sendable {
    /// What a presented `Authorization` header earns.
    enum Outcome: Equatable {
        case authenticated(clientID: String)
        case refused
        /// Too many failures for this id from this address: retry after this many seconds.
        case throttled(retryAfter: Int)
    }

    private let secretHashes: [String: [UInt8]]
    private let throttle: LoginThrottle
    /// Compared against when the id is unknown, so an unknown id costs what a known one does.
    private static let nobody = [UInt8](repeating: 0, count: 32)

    /// Clients from `oauth.introspectionClients` (id → hex SHA-256 of the secret; validated at load).
    init(_ configured: [String: String], now: @escaping @Sendable () -> Int64) {
        secretHashes = configured.compactMapValues { try? Hex.decode($0) }
        var limits = LoginThrottle.Limits()
        limits.accountDelayAfter = .max  // no delay for an id across addresses: anyone could impose it
        throttle = LoginThrottle(limits: limits, clock: { Double(now()) })
    }

    /// Checks an `Authorization: Basic …` header presented from `address`.
    func authenticate(_ authorization: String?, address: String) -> Outcome {
        guard let (id, secret) = Self.credentials(authorization) else { return .refused }
        let account = "introspection|" + id, key = IPAddress(address)?.rateLimitKey ?? address
        if case .refused(let retryAfter, _) = throttle.attempt(account: account, address: key) {
            return .throttled(retryAfter: retryAfter)
        }
        let expected = secretHashes[id]
        guard ConstantTime.equals(Digest.sha256(Array(secret.utf8)), expected ?? Self.nobody), expected != nil else {
            return .refused  // the attempt stays counted
        }
        throttle.recordSuccess(account: account, address: key)
        return .authenticated(clientID: id)
    }

    /// The configured client a header claims to be, for events (an unconfigured "id" may be a pasted secret).
    func claimedClient(_ authorization: String?) -> String? {
        Self.credentials(authorization).map(\.id).flatMap { secretHashes[$0] == nil ? nil : $0 }
    }

    /// The id and secret of a well-formed Basic header, each form-decoded (RFC 6749 §2.3.1); nil otherwise.
    static func credentials(_ authorization: String?) -> (id: String, secret: String)? {
        guard let authorization, authorization.utf8.count <= 1024,
              authorization.prefix(6).lowercased() == "basic ",
              let decoded = Data(base64Encoded: authorization.dropFirst(6).trimmingCharacters(in: .whitespaces)),
              let text = String(data: decoded, encoding: .utf8),
              let colon = text.firstIndex(of: ":"),
              let id = formDecoded(text[..<colon]), let secret = formDecoded(text[text.index(after: colon)...]),
              !id.isEmpty, !secret.isEmpty else { return nil }
        return (id, secret)
    }

    private static func formDecoded(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
