import Cryptography
import Foundation

/// The resource servers that may call introspection. RFC 7662 §2.1 requires the caller to authenticate, so
/// that nobody can probe tokens: HTTP Basic with a client id and secret (RFC 6749 §2.3.1). The configuration
/// holds only the SHA-256 of each secret (secrets are long random strings, not passwords).
struct IntrospectionClients: Sendable {
    private let secretHashes: [String: [UInt8]]
    /// Compared against when the id is unknown, so an unknown id costs what a known one does.
    private static let nobody = [UInt8](repeating: 0, count: 32)

    /// Clients from `oauth.introspectionClients` (id → lowercase hex SHA-256 of the secret; validated at load).
    init(_ configured: [String: String]) {
        secretHashes = configured.compactMapValues { try? Hex.decode($0) }
    }

    /// The client id an `Authorization: Basic …` header authenticates, or nil (missing, malformed or wrong).
    func authenticate(_ authorization: String?) -> String? {
        guard let authorization, authorization.utf8.count <= 1024,
              authorization.prefix(6).lowercased() == "basic ",
              let decoded = Data(base64Encoded: authorization.dropFirst(6).trimmingCharacters(in: .whitespaces)),
              let text = String(data: decoded, encoding: .utf8),
              let colon = text.firstIndex(of: ":"),
              let id = Self.formDecoded(text[..<colon]), let secret = Self.formDecoded(text[text.index(after: colon)...]),
              !secret.isEmpty else { return nil }
        let expected = secretHashes[id]
        let matches = ConstantTime.equals(Digest.sha256(Array(secret.utf8)), expected ?? Self.nobody)
        return matches && expected != nil ? id : nil
    }

    /// RFC 6749 §2.3.1: id and secret are application/x-www-form-urlencoded before they are joined.
    private static func formDecoded(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
