import AuthCore
import Cryptography
import HTTPServer
import JOSE

/// The operator API: users of any realm, for platform operators (`operator` role, platform token).
enum AdminRoutes {
    static let base = "/api/v1/admin/realms/{realm}/users"
    static let problem = RouteSupport.problemJSON

    static func register(in table: inout RouteTable, services: AuthServices) {
        let realms = services.realms, users = services.users
        /// The target realm, after checking the bearer is a platform operator.
        @Sendable func operatorRealm(_ request: Request) throws -> RealmContext {
            let platform = try realms.realm("platform")
            let claims = try services.claims(request, realm: platform)
            guard let user = try platform.store.user(id: claims.sub), user.roles.contains(.operator_), !user.disabled else {
                throw AuthError(.forbidden, "the operator role is required")
            }
            try services.accounts.requireFreshMFA(claims, operation: SensitiveOperation.usersManage, realm: platform,
                                                  client: RouteSupport.client(request))
            return try realms.realm(try request.parameter("realm"))
        }
        @Sendable func summary(_ user: User) -> JSONValue {
            .object(["id": .string(user.id), "username": .string(user.username), "email": user.email.map { .string($0) } ?? .null,
                     "roles": .array(user.roles.map { .string($0.name) }), "disabled": .bool(user.disabled),
                     "created_at": .number(Double(user.createdAt))])
        }
        table.add(APIOperation("GET", base, summary: "List a realm's users (operators only).", tag: "admin",
                               responses: [(200, "`{\"users\":[…]}`", "application/json"), (401, "Missing or invalid token.", problem),
                                           (403, "Not an operator.", problem)]),
                  RouteSupport.guarded { request in
            let realm = try operatorRealm(request)
            return RouteSupport.json(.object(["users": .array(try realm.store.users().map(summary))]))
        })
        table.add(APIOperation("POST", base, summary: "Create a user: `{username, password, email?, roles?}` (operators only).", tag: "admin",
                               responses: [(201, "The user.", "application/json"), (400, "Invalid input.", problem),
                                           (409, "The username is taken.", problem)]),
                  RouteSupport.guarded { request in
            let realm = try operatorRealm(request)
            struct Body: Decodable { let username: String; let password: String; let email: String?; let roles: [String]? }
            let body = try request.decodeJSON(Body.self)
            let user = try users.create(realm: realm, username: body.username, password: SecretBytes(utf8: body.password), email: body.email,
                                        roles: (body.roles ?? []).map(Role.init), client: RouteSupport.client(request))
            return RouteSupport.json(summary(user), status: .created)
        })
        table.add(APIOperation("POST", base + "/{username}/disable", summary: "Disable a user (operators only).", tag: "admin",
                               responses: [(200, "The user.", "application/json"), (404, "No such user.", problem)]),
                  RouteSupport.guarded { request in
            let realm = try operatorRealm(request)
            return RouteSupport.json(summary(try users.disable(realm: realm, username: try request.parameter("username"),
                                                               client: RouteSupport.client(request))))
        })
        table.add(APIOperation("DELETE", base + "/{username}", summary: "Delete a user and all that is theirs (operators only).", tag: "admin",
                               responses: [(204, "Deleted.", nil), (404, "No such user.", problem)]),
                  RouteSupport.guarded { request in
            let realm = try operatorRealm(request)
            try users.delete(realm: realm, username: try request.parameter("username"), client: RouteSupport.client(request))
            return Response(status: .noContent)
        })
    }
}
