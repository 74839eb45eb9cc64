import Cryptography

/// Creating, listing, disabling and deleting users (CLI and operator API).
public final class UserAdministration: Sendable {
    let hasher: PasswordHasher
    let environment: AuthEnvironment

    /// Administration hashing with `hasher`.
    public init(hasher: PasswordHasher, environment: AuthEnvironment) {
        self.hasher = hasher
        self.environment = environment
    }

    /// Creates a user; roles must suit the realm (operator roles in `platform`, `user` elsewhere).
    public func create(realm: RealmContext, username: String, password: SecretBytes, email: String?, roles: [Role],
                       client: ClientInfo?) throws -> User {
        let trimmed = username.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...128).contains(trimmed.count), trimmed == username,
              !username.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw AuthError(.invalidInput, "a username has 1 to 128 characters, no surrounding spaces or control characters")
        }
        if let email, !(email.contains("@") && email.count <= 254) { throw AuthError(.invalidInput, "the e-mail address is not valid") }
        let allowed = Role.allowed(inPlatform: realm.isPlatform)
        let roles = roles.isEmpty ? (realm.isPlatform ? [.operator_] : [.user]) : roles
        if let wrong = roles.first(where: { !allowed.contains($0) }) {
            throw AuthError(.invalidInput, "role '\(wrong)' does not exist in \(realm.isPlatform ? "platform" : "a tenant realm")")
        }
        try PasswordHasher.validate(password)
        let user = User(id: environment.randomID(), username: username, email: email, roles: roles, disabled: false,
                        passwordHash: try hasher.hash(password), createdAt: environment.now())
        try realm.store.insertUser(user)
        try realm.emit(EventType.userCreated, user: user.id, client: client,
                       details: ["roles": roles.map(\.name).joined(separator: " ")], environment: environment)
        return user
    }

    /// Disables sign-in for a user and revokes their sessions (refresh and introspection stop at once;
    /// access tokens already handed out expire within their short lifetime).
    public func disable(realm: RealmContext, username: String, client: ClientInfo?) throws -> User {
        guard var user = try realm.store.user(named: username) else { throw AuthError(.notFound, "no such user") }
        user.disabled = true
        try realm.store.updateUser(user)
        let revoked = try realm.store.revokeSessions(ofUser: user.id, at: environment.now())
        try realm.emit(EventType.userDisabled, user: user.id, client: client, details: ["sessions_revoked": String(revoked)],
                       environment: environment)
        return user
    }

    /// Deletes a user and everything that is theirs.
    public func delete(realm: RealmContext, username: String, client: ClientInfo?) throws {
        guard let user = try realm.store.user(named: username) else { throw AuthError(.notFound, "no such user") }
        try realm.store.deleteUser(id: user.id)
        try realm.emit(EventType.userDeleted, user: user.id, client: client, environment: environment)
    }
}
