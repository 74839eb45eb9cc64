import AuthCore
import Foundation
import Storage

/// `UserStore`: the protocol's doc comments are the contract.
extension SQLRealmStore {
    private static let userColumns = "id, username, email, roles, disabled, password_hash, created_at"

    public func insertUser(_ user: User) throws {
        do {
            try database.transaction { ex in
                try ex.execute("""
                    INSERT INTO users (id, username, username_key, email, roles, disabled, password_hash, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """,
                    [.text(user.id), .text(user.username), .text(User.usernameKey(user.username)), SQLValue(user.email),
                     Columns.words(user.roles.map(\.name)), SQLValue(user.disabled), .text(user.passwordHash),
                     .integer(user.createdAt)])
            }
        } catch let error as StorageError where error.code == .uniqueViolation {
            // Either the username key or the id is taken; both mean "this user cannot be created".
            throw AuthError(.conflict, "username taken")
        }
    }

    public func user(named username: String) throws -> User? {
        try database.read { ex in
            try ex.queryFirst("SELECT \(Self.userColumns) FROM users WHERE username_key = $1",
                              [.text(User.usernameKey(username))]).map(Self.user)
        }
    }

    public func user(id: String) throws -> User? {
        try database.read { ex in
            try ex.queryFirst("SELECT \(Self.userColumns) FROM users WHERE id = $1", [.text(id)]).map(Self.user)
        }
    }

    public func users() throws -> [User] {
        try database.read { ex in
            try ex.query("SELECT \(Self.userColumns) FROM users ORDER BY username_key, id").map(Self.user)
        }
    }

    public func updateUser(_ user: User) throws {
        let changed: Int
        do {
            changed = try database.transaction { ex in
                try ex.execute("""
                    UPDATE users SET username = $2, username_key = $3, email = $4, roles = $5, disabled = $6,
                        password_hash = $7
                    WHERE id = $1
                    """,
                    [.text(user.id), .text(user.username), .text(User.usernameKey(user.username)), SQLValue(user.email),
                     Columns.words(user.roles.map(\.name)), SQLValue(user.disabled), .text(user.passwordHash)])
            }
        } catch let error as StorageError where error.code == .uniqueViolation {
            throw AuthError(.conflict, "username taken")
        }
        if changed == 0 { throw AuthError(.notFound, "no such user") }
    }

    public func deleteUser(id: String) throws {
        // Credentials, their secrets, sessions, refresh tokens and flows go with the user (ON DELETE CASCADE).
        let deleted = try database.transaction { ex in
            try ex.execute("DELETE FROM users WHERE id = $1", [.text(id)])
        }
        if deleted == 0 { throw AuthError(.notFound, "no such user") }
    }

    private static func user(_ row: Row) throws -> User {
        User(id: try row.string("id"), username: try row.string("username"), email: try row.optionalString("email"),
             roles: Columns.words(try row.string("roles")).map(Role.init), disabled: try row.bool("disabled"),
             passwordHash: try row.string("password_hash"), createdAt: try row.int("created_at"))
    }
}
