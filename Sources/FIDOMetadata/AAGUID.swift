import Cryptography

/// An authenticator model identifier: 16 bytes, written as a lowercase UUID string.
public struct AAGUID: Sendable, Hashable, CustomStringConvertible {
    /// The 16 bytes.
    public let bytes: [UInt8]

    /// Wraps 16 bytes; nil for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        self.bytes = Array(bytes)
    }

    /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (either case); nil otherwise.
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 36, [8, 13, 18, 23].allSatisfy({ utf8[$0] == UInt8(ascii: "-") }) else { return nil }
        let hex = String(decoding: utf8.filter { $0 != UInt8(ascii: "-") }, as: UTF8.self)
        guard hex.utf8.count == 32, let decoded = try? Hex.decode(hex.lowercased()) else { return nil }
        self.init(bytes: decoded)
    }

    /// The all-zero AAGUID that U2F and many `none` attestations carry.
    public static let zero = AAGUID(bytes: [UInt8](repeating: 0, count: 16))!

    /// Whether this is the all-zero AAGUID (which identifies no model).
    public var isZero: Bool { bytes.allSatisfy { $0 == 0 } }

    /// The lowercase UUID string.
    public var description: String {
        let hex = Hex.encode(bytes)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex.dropFirst(range.lowerBound).prefix(range.count))
        }
        return parts.joined(separator: "-")
    }
}
