import HTTPServer
import TokenVerifier

/// `GET /api/whoami` and `POST /api/sensitive`, guarded by a `TokenVerifier`.
struct TenantRoutes: Sendable {
    let verifier: TokenVerifier
    let maxAge: Int

    func router() -> Router {
        var router = Router()
        router.add("GET", "/api/whoami") { request in self.whoami(request) }
        router.add("POST", "/api/sensitive") { request in self.sensitive(request) }
        return router
    }

    /// 200 with `sub`, `realm`, `amr` for a valid token.
    func whoami(_ request: Request) -> Response {
        switch authenticate(request) {
        case .failure(let refusal): return refusal.response
        case .success(let claims): return json(Identity(claims: claims), request)
        }
    }

    /// 200 when the last second factor is at most `maxAge` seconds old; else 401 with an RFC 9470 challenge.
    func sensitive(_ request: Request) -> Response {
        let claims: VerifiedClaims
        switch authenticate(request) {
        case .failure(let refusal): return refusal.response
        case .success(let verified): claims = verified
        }
        switch verifier.requireMFA(claims, maxAge: Double(maxAge)) {
        case .fresh(let age):
            return json(SensitiveResult(sub: claims.subject, mfaAge: Int(age)), request)
        case .stale, .missing:
            let challenge = StepUpChallenge(maxAge: maxAge, description: "More recent authentication is required")
            let error = HTTPError(.unauthorized, code: "insufficient_user_authentication",
                                  detail: "a second factor within the last \(maxAge) seconds is required",
                                  headers: HTTPHeaders([("WWW-Authenticate", challenge.headerValue)]))
            return Response.problem(error, requestID: request.requestID)
        }
    }

    /// The verified claims, or the 401 (503 when the issuer's keys cannot be fetched) to answer with.
    private func authenticate(_ request: Request) -> Result<VerifiedClaims, Refusal> {
        guard let token = TokenVerifier.bearerToken(fromAuthorization: request.headers["Authorization"]) else {
            return .failure(refusal(.unauthorized, "invalid_token", "a bearer token is required", request))
        }
        do {
            return .success(try verifier.verify(token))
        } catch let error as TokenVerificationError where error.code == .jwksUnavailable {
            return .failure(refusal(.serviceUnavailable, "jwks_unavailable", "issuer keys are unavailable", request))
        } catch let error as TokenVerificationError {
            return .failure(refusal(.unauthorized, "invalid_token", "token refused: \(error.code)", request))
        } catch {
            return .failure(refusal(.unauthorized, "invalid_token", "token refused", request))
        }
    }

    private func refusal(_ status: HTTPStatus, _ code: String, _ detail: String, _ request: Request) -> Refusal {
        var headers = HTTPHeaders()
        if status == .unauthorized { headers.set("WWW-Authenticate", BearerChallenge.invalidToken()) }
        return Refusal(Response.problem(HTTPError(status, code: code, detail: detail, headers: headers), requestID: request.requestID))
    }

    private func json(_ value: some Encodable, _ request: Request) -> Response {
        (try? Response.json(value)) ?? Response.problem(HTTPError(.internalServerError), requestID: request.requestID)
    }
}

/// A refusal response carried through `Result`.
struct Refusal: Error {
    let response: Response
    init(_ response: Response) { self.response = response }
}

/// The `whoami` answer.
struct Identity: Encodable {
    let sub: String
    let realm: String?
    let amr: [String]

    init(claims: VerifiedClaims) {
        sub = claims.subject
        realm = claims.realm
        amr = claims.authenticationMethods
    }
}

/// The `sensitive` answer.
struct SensitiveResult: Encodable {
    let sub: String
    let mfaAge: Int
}
