import AuthCore
import HTTPServer
import JOSE

/// Each realm's standard faces: JWKS, discovery, token (refresh), introspection (RFC 7662), revocation (RFC 7009).
enum OAuthRoutes {
    static let base = "/realms/{realm}"

    static func register(in table: inout RouteTable, services: AuthServices, introspectionClients: IntrospectionClients) {
        let realms = services.realms, tokens = services.tokens, keys = services.keys
        table.add(APIOperation("GET", base + "/jwks", summary: "The realm's public signing keys (staged, active, superseded).", tag: "oauth",
                               responses: [(200, "A JWK Set.", "application/json"), (404, "No such realm.", RouteSupport.problemJSON)]),
                  RouteSupport.guarded { request in
            let realm = try realms.realm(try request.parameter("realm"))
            var response = RouteSupport.json(try keys.publishedKeys(realm).jsonValue)
            response.headers.set("Cache-Control", "public, max-age=60")
            return response
        })
        table.add(APIOperation("GET", base + "/.well-known/openid-configuration", summary: "The realm's discovery document.", tag: "oauth",
                               responses: [(200, "Discovery metadata.", "application/json"), (404, "No such realm.", RouteSupport.problemJSON)]),
                  RouteSupport.guarded { request in
            let realm = try realms.realm(try request.parameter("realm"))
            let issuer = realm.issuer
            var response = RouteSupport.json(.object([
                "issuer": .string(issuer),
                "jwks_uri": .string(issuer + "/jwks"),
                "token_endpoint": .string(issuer + "/oauth2/token"),
                "introspection_endpoint": .string(issuer + "/oauth2/introspect"),
                "revocation_endpoint": .string(issuer + "/oauth2/revoke"),
                "introspection_endpoint_auth_methods_supported": .array([.string("client_secret_basic")]),
                "grant_types_supported": .array([.string("refresh_token")]),
                "token_endpoint_auth_methods_supported": .array([.string("none")]),
                "id_token_signing_alg_values_supported": .array([.string(realm.policy.signingAlgorithm)]),
                "subject_types_supported": .array([.string("public")]),
                "response_types_supported": .array([]),
                "claims_supported": .array(["iss", "sub", "aud", "exp", "iat", "nbf", "jti", "auth_time", "amr", "acr", "realm",
                                            "sid", "mfaVerifiedAt", "act"].map { .string($0) }),
            ]))
            response.headers.set("Cache-Control", "public, max-age=300")
            return response
        })
        table.add(APIOperation("POST", base + "/oauth2/token", summary: "Token endpoint: `grant_type=refresh_token` (rotating).", tag: "oauth",
                               responses: [(200, "Token response.", "application/json"), (400, "RFC 6749 error (`invalid_grant`, …).", "application/json")]),
                  oauth { request in
            let realm = try realms.realm(try request.parameter("realm"))
            let form = try RouteSupport.form(request)
            guard form["grant_type"] == "refresh_token" else {
                throw OAuthError(status: .badRequest, error: "unsupported_grant_type", description: "only refresh_token is supported")
            }
            guard let refresh = form["refresh_token"], !refresh.isEmpty else {
                throw OAuthError(status: .badRequest, error: "invalid_request", description: "refresh_token is required")
            }
            do {
                return try .json(try tokens.refresh(realm: realm, refreshToken: refresh, client: RouteSupport.client(request)))
            } catch let error as AuthError where error.code == .invalidToken {
                throw OAuthError(status: .badRequest, error: "invalid_grant", description: error.reason)
            }
        })
        table.add(APIOperation("POST", base + "/oauth2/introspect",
                               summary: "RFC 7662 introspection of an access token, for a resource server authenticating with HTTP Basic.",
                               tag: "oauth",
                               responses: [(200, "`{\"active\":true, …claims}` or `{\"active\":false}`.", "application/json"),
                                           (401, "`invalid_client`: missing or wrong client credentials.", "application/json"),
                                           (429, "Too many failed client authentications; see Retry-After.", "application/json")]),
                  oauth { request in
            let realm = try realms.realm(try request.parameter("realm"))
            let outcome = introspectionClients.authenticate(request.headers["authorization"], address: request.clientAddress)
            guard case .authenticated = outcome else {
                // Logged, not chained: anyone can cause this, and the audit chain must not grow at a stranger's will.
                let environment = services.environment
                let claimed = introspectionClients.claimedClient(request.headers["authorization"])
                environment.events.record(SecurityEvent(
                    type: EventType.clientRefused, realm: realm.id, requestID: request.requestID, clientAddress: request.clientAddress,
                    details: ["endpoint": "introspect", "client_id": claimed ?? "unknown",
                              "reason": outcome == .refused ? "invalid_credentials" : "throttled"],
                    at: environment.now()))
                if case .throttled(let retryAfter) = outcome {
                    var response = OAuthError(status: .tooManyRequests, error: "invalid_client",
                                              description: "too many failed client authentications; retry later").response
                    response.headers.set("Retry-After", String(retryAfter))
                    return response
                }
                throw OAuthError(status: .unauthorized, error: "invalid_client", description: "client authentication failed")
            }
            guard let token = try RouteSupport.form(request)["token"] else {
                throw OAuthError(status: .badRequest, error: "invalid_request", description: "token is required")
            }
            guard let claims = tokens.introspect(realm: realm, token: token) else {
                return RouteSupport.json(.object(["active": .bool(false)]))
            }
            var members = claims.json.objectValue ?? [:]
            members["active"] = .bool(true)
            members["token_type"] = .string("Bearer")
            members["scope"] = nil
            return RouteSupport.json(.object(members))
        })
        table.add(APIOperation("POST", base + "/oauth2/revoke", summary: "RFC 7009 revocation of a refresh or access token (ends its session).",
                               tag: "oauth", responses: [(200, "Revoked, or the token was unknown (RFC 7009 answers 200 either way).", nil)]),
                  oauth { request in
            let realm = try realms.realm(try request.parameter("realm"))
            guard let token = try RouteSupport.form(request)["token"] else {
                throw OAuthError(status: .badRequest, error: "invalid_request", description: "token is required")
            }
            try tokens.revoke(realm: realm, token: token, client: RouteSupport.client(request))
            return Response(status: .ok)
        })
    }

    /// OAuth endpoints answer RFC 6749 error bodies, not problem documents.
    static func oauth(_ body: @escaping @Sendable (Request) throws -> Response) -> Handler {
        { request in
            do {
                return try body(request)
            } catch let error as OAuthError {
                return error.response
            } catch let error as AuthError where error.code == .unknownRealm {
                return OAuthError(status: .notFound, error: "invalid_request", description: "no such realm").response
            } catch let error as AuthError {
                throw RouteSupport.httpError(error)
            }
        }
    }
}
