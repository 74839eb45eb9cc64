import AuthCore
import HTTPServer

/// The engine's services, built once in the composition root and shared by routes and the CLI.
struct AuthServices: Sendable {
    let realms: Realms
    let authenticator: Authenticator
    let tokens: TokenService
    let keys: SigningKeyManager
    let accounts: AccountService
    let users: UserAdministration
    let environment: AuthEnvironment

    /// The verified claims of a request's bearer token in `realm` (a refusal is recorded as an event).
    func claims(_ request: Request, realm: RealmContext) throws -> AccessClaims {
        try tokens.verify(realm: realm, accessToken: try RouteSupport.bearer(request), client: RouteSupport.client(request))
    }
}
