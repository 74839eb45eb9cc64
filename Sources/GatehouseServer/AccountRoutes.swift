import AuthCore
import HTTPServer
import JOSE

/// A signed-in user's own factors: `/api/v1/realms/{realm}/me/factors…`.
enum AccountRoutes {
    static let base = "/api/v1/realms/{realm}/me/factors"
    static let problem = RouteSupport.problemJSON

    static func register(in table: inout RouteTable, services: AuthServices) {
        let accounts = services.accounts
        /// The realm and verified claims of a request.
        @Sendable func signedIn(_ request: Request) throws -> (RealmContext, AccessClaims) {
            let realm = try services.realms.realm(try request.parameter("realm"))
            return (realm, try services.claims(request, realm: realm))
        }
        table.add(APIOperation("GET", base, summary: "The signed-in user's factors.", tag: "account",
                               responses: [(200, "`{\"factors\":[{id, kind, created_at, last_used_at, status, details}]}`", "application/json"),
                                           (401, "Missing or invalid bearer token.", problem)]),
                  RouteSupport.guarded { request in
            let (realm, claims) = try signedIn(request)
            return RouteSupport.json(.object(["factors": .array(try accounts.factors(realm: realm, claims: claims).map(\.json))]))
        })
        table.add(APIOperation("POST", base + "/{kind}", summary: "Begin enrolling another factor (sensitive: needs a fresh second factor).", tag: "account",
                               responses: [(200, "What the client needs to enrol.", "application/json"), (403, "Not enrollable here.", problem)]),
                  RouteSupport.guarded { request in
            let (realm, claims) = try signedIn(request)
            try accounts.requireFreshMFA(claims, operation: SensitiveOperation.factorsEnroll, realm: realm, client: RouteSupport.client(request))
            return RouteSupport.json(try accounts.beginEnrollment(realm: realm, claims: claims, kind: try request.parameter("kind")))
        })
        table.add(APIOperation("POST", base + "/{kind}/finish", summary: "Finish enrolling a factor.", tag: "account",
                               responses: [(201, "The new factor.", "application/json"), (401, "The answer was not accepted.", problem),
                                           (409, "No enrolment was begun.", problem)]),
                  RouteSupport.guarded { request in
            let (realm, claims) = try signedIn(request)
            return RouteSupport.json(try accounts.finishEnrollment(realm: realm, claims: claims, kind: try request.parameter("kind"),
                                                                   answer: try RouteSupport.jsonBody(request),
                                                                   client: RouteSupport.client(request)), status: .created)
        })
        table.add(APIOperation("POST", base + "/recovery_code/regenerate",
                               summary: "Replace all recovery codes with ten new ones, shown once (sensitive: needs a fresh second factor).",
                               tag: "account",
                               responses: [(200, "`{\"id\", \"kind\": \"recovery_code\", \"recovery_codes\": [ten codes]}`", "application/json"),
                                           (401, "Step-up needed (`WWW-Authenticate: Bearer error=\"insufficient_user_authentication\", max_age=…`).", problem),
                                           (403, "Recovery codes are not available in this realm.", problem)]),
                  RouteSupport.guarded { request in
            let (realm, claims) = try signedIn(request)
            let client = RouteSupport.client(request)
            try accounts.requireFreshMFA(claims, operation: SensitiveOperation.recoveryCodesRegenerate, realm: realm, client: client)
            return RouteSupport.json(try accounts.reissue(realm: realm, claims: claims, kind: "recovery_code", client: client))
        })
        table.add(APIOperation("DELETE", base + "/{id}", summary: "Delete a factor (sensitive: needs a fresh second factor).", tag: "account",
                               responses: [(204, "Deleted.", nil),
                                           (401, "Step-up needed (`WWW-Authenticate: Bearer error=\"insufficient_user_authentication\", max_age=…`).", problem),
                                           (404, "No such factor.", problem), (409, "The last factor cannot be deleted.", problem)]),
                  RouteSupport.guarded { request in
            let (realm, claims) = try signedIn(request)
            try accounts.requireFreshMFA(claims, operation: SensitiveOperation.factorsDelete, realm: realm, client: RouteSupport.client(request))
            try accounts.deleteFactor(realm: realm, claims: claims, id: try request.parameter("id"), client: RouteSupport.client(request))
            return Response(status: .noContent)
        })
    }
}
