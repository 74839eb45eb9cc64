/// A validated realm identifier: `^[a-z0-9][a-z0-9-]{0,62}$`, safe in file names and database names.
public struct RealmID: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// The identifier text.
    public let rawValue: String

    /// Validates `raw`; throws `.invalidConfiguration` when it is not a well-formed realm id.
    public init(_ raw: String) throws {
        guard RealmID.isValid(raw) else {
            throw StorageError(.invalidConfiguration, "malformed realm id (want ^[a-z0-9][a-z0-9-]{0,62}$)")
        }
        rawValue = raw
    }

    private init(trusted: String) { rawValue = trusted }

    /// The operators' realm.
    public static let platform = RealmID(trusted: "platform")

    /// Whether `raw` is a well-formed realm id.
    public static func isValid(_ raw: String) -> Bool {
        let bytes = Array(raw.utf8)
        guard (1...63).contains(bytes.count) else { return false }
        func alnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        guard alnum(bytes[0]) else { return false }
        return bytes.dropFirst().allSatisfy { alnum($0) || $0 == 0x2D }
    }

    /// The identifier text.
    public var description: String { rawValue }

    /// Orders by identifier text.
    public static func < (lhs: RealmID, rhs: RealmID) -> Bool { lhs.rawValue < rhs.rawValue }
}
