/// A person who signs in to one realm.
public struct User: Sendable, Equatable {
    /// A stable random identifier (the token `sub`).
    public let id: String
    /// The username as entered at creation.
    public var username: String
    /// The optional e-mail address.
    public var email: String?
    /// The roles granted in this realm.
    public var roles: [Role]
    /// Whether sign-in is refused.
    public var disabled: Bool
    /// The password hash (argon2id PHC, or an imported bcrypt `$2b$`); never shown.
    public var passwordHash: String
    /// When the user was created (Unix seconds).
    public let createdAt: Int64

    /// A user value.
    public init(id: String, username: String, email: String?, roles: [Role], disabled: Bool, passwordHash: String, createdAt: Int64) {
        self.id = id
        self.username = username
        self.email = email
        self.roles = roles
        self.disabled = disabled
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }

    /// The key usernames are unique by: case-insensitive.
    public static func usernameKey(_ username: String) -> String {
        username.lowercased()
    }
}

/// A role: what a user may do beyond signing in.
public struct Role: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The wire identifier.
    public let name: String

    /// A role by its wire identifier (validated against a realm by `UserAdministration`).
    public init(_ name: String) {
        self.name = name
    }

    /// Platform operators: manage realms and users.
    public static let operator_ = Role("operator")
    /// Platform operators who may act as another user.
    public static let impersonator = Role("impersonator")
    /// Platform operators who manage partner federation keys.
    public static let federationAdmin = Role("federation-admin")
    /// Tenant users.
    public static let user = Role("user")

    /// The roles a realm may grant: operator roles in `platform`, `user` in tenant realms.
    public static func allowed(inPlatform: Bool) -> [Role] {
        inPlatform ? [.operator_, .impersonator, .federationAdmin] : [.user]
    }

    public var description: String { name }
}
