/// One enrolled factor of a user: a TOTP secret, a set of recovery codes, a passkey.
public struct FactorCredential: Sendable, Equatable {
    /// A stable random identifier.
    public let id: String
    /// The user it belongs to.
    public let userID: String
    /// The factor kind (`totp`, `recovery_code`, `webauthn`, …).
    public let kind: String
    /// Plugin-owned state (sealed by the plugin when secret). Changed only through a versioned write.
    public var data: [UInt8]
    /// Incremented on every write of `data`, so concurrent writers cannot both win.
    public var version: Int64
    /// `active`, or a plugin-defined status such as `untrusted` (which fails closed).
    public var status: String
    /// When it was enrolled (Unix seconds).
    public let createdAt: Int64
    /// When it last verified (Unix seconds).
    public var lastUsedAt: Int64?
    /// An identifier the authenticator chose (a WebAuthn credential id), unique per kind in the realm.
    public let externalID: String?

    /// A credential value.
    public init(id: String, userID: String, kind: String, data: [UInt8], version: Int64 = 1, status: String = "active",
                createdAt: Int64, lastUsedAt: Int64? = nil, externalID: String? = nil) {
        self.id = id
        self.userID = userID
        self.kind = kind
        self.data = data
        self.version = version
        self.status = status
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.externalID = externalID
    }
}
