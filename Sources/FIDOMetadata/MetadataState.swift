import Foundation

/// What Gatehouse remembers about the last accepted BLOB (persisted by the server; `no` must never go down).
public struct MetadataState: Sendable, Hashable, Codable {
    /// The accepted BLOB's `no`.
    public var number: Int
    /// Its `nextUpdate` (midnight UTC).
    public var nextUpdate: Date
    /// Its `legalHeader`, recorded as received.
    public var legalHeader: String?
    /// When it was verified and accepted.
    public var loadedAt: Date
    /// Lowercase hex SHA-256 of the BLOB bytes.
    public var sha256: String

    /// A state value (e.g. read back from storage).
    public init(number: Int, nextUpdate: Date, legalHeader: String?, loadedAt: Date, sha256: String) {
        self.number = number
        self.nextUpdate = nextUpdate
        self.legalHeader = legalHeader
        self.loadedAt = loadedAt
        self.sha256 = sha256
    }
}
