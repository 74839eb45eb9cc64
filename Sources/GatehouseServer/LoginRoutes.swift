import AuthCore
import Cryptography
import HTTPServer
import JOSE

/// The login and step-up flow: `/api/v1/realms/{realm}/login…` and `/step-up`.
enum LoginRoutes {
    static let base = "/api/v1/realms/{realm}"
    static let problem = RouteSupport.problemJSON

    static func register(in table: inout RouteTable, services: AuthServices) {
        let authenticator = services.authenticator
        table.add(APIOperation("POST", base + "/login", summary: "Check a username and password; start a login flow.", tag: "login",
                               responses: [(200, "The flow: `flow_id`, `next` (`factor` or `enroll`), `factors`, `expires_at`.", "application/json"),
                                           (401, "Invalid username or password (one generic message).", problem),
                                           (404, "No such realm.", problem), (429, "Too many failed sign-ins; see Retry-After.", problem)]),
                  RouteSupport.guarded { request in
            struct Body: Decodable { let username: String; let password: String }
            let body = try request.decodeJSON(Body.self)
            let result = try authenticator.login(realm: try request.parameter("realm"), username: body.username,
                                                 password: SecretBytes(utf8: body.password), client: RouteSupport.client(request))
            switch result {
            case .flow(let start): return try .json(start)
            case .tokens(let tokens): return try .json(tokens)
            }
        })
        table.add(APIOperation("POST", base + "/login/passwordless",
                               summary: "Start a sign-in with a passkey alone (no username or password), where the realm allows it.",
                               tag: "login",
                               responses: [(200, "The flow: `flow_id`, `next` (`factor`), `factors` (e.g. `webauthn`), `expires_at`; "
                                                 + "then `{kind}/challenge` and `{kind}` under /login/{flow_id}/.", "application/json"),
                                           (403, "Passwordless sign-in is not enabled in this realm.", problem),
                                           (404, "No such realm.", problem)]),
                  RouteSupport.guarded { request in
            try .json(try authenticator.beginPasswordless(realm: try request.parameter("realm"), client: RouteSupport.client(request)))
        })
        table.add(APIOperation("POST", base + "/login/{flow_id}/{kind}/challenge", summary: "A factor's challenge for this flow (may be empty).",
                               tag: "login", responses: [(200, "The challenge.", "application/json"), (404, "No such flow.", problem),
                                                         (410, "The flow expired.", problem), (403, "Factor not available.", problem)]),
                  RouteSupport.guarded { request in
            RouteSupport.json(try authenticator.challenge(realm: try request.parameter("realm"), flowID: try request.parameter("flow_id"),
                                                          kind: try request.parameter("kind"), client: RouteSupport.client(request)))
        })
        table.add(APIOperation("POST", base + "/login/{flow_id}/{kind}", summary: "Answer a factor; on success, tokens.", tag: "login",
                               responses: [(200, "Token response.", "application/json"), (401, "The factor was not accepted.", problem),
                                           (404, "No such flow.", problem), (410, "The flow expired.", problem)]),
                  RouteSupport.guarded { request in
            try .json(try authenticator.answer(realm: try request.parameter("realm"), flowID: try request.parameter("flow_id"),
                                               kind: try request.parameter("kind"), answer: try RouteSupport.jsonBody(request),
                                               client: RouteSupport.client(request)))
        })
        table.add(APIOperation("POST", base + "/login/{flow_id}/enroll/{kind}", summary: "Begin enrolling a first factor inside the login flow.",
                               tag: "login", responses: [(200, "What the client needs to enrol (e.g. a TOTP URI).", "application/json"),
                                                         (403, "The factor cannot be enrolled here.", problem), (404, "No such flow.", problem)]),
                  RouteSupport.guarded { request in
            RouteSupport.json(try authenticator.beginEnrollment(realm: try request.parameter("realm"), flowID: try request.parameter("flow_id"),
                                                                kind: try request.parameter("kind"), client: RouteSupport.client(request)))
        })
        table.add(APIOperation("POST", base + "/login/{flow_id}/enroll/{kind}/finish", summary: "Finish the enrolment; on success, tokens.",
                               tag: "login", responses: [(200, "Token response.", "application/json"), (401, "The answer was not accepted.", problem),
                                                         (409, "No enrolment was begun.", problem)]),
                  RouteSupport.guarded { request in
            try .json(try authenticator.finishEnrollment(realm: try request.parameter("realm"), flowID: try request.parameter("flow_id"),
                                                         kind: try request.parameter("kind"), answer: try RouteSupport.jsonBody(request),
                                                         client: RouteSupport.client(request)))
        })
        table.add(APIOperation("POST", base + "/step-up", summary: "Start a step-up flow for the bearer token's session (RFC 9470).",
                               tag: "login", responses: [(200, "The flow; answer a factor under /login/{flow_id}/.", "application/json"),
                                                         (401, "Missing or invalid bearer token.", problem)]),
                  RouteSupport.guarded { request in
            let realm = try services.realms.realm(try request.parameter("realm"))
            let claims = try services.claims(request, realm: realm)
            return try .json(try authenticator.beginStepUp(realm: realm.id, claims: claims, client: RouteSupport.client(request)))
        })
    }
}
