import JOSE

/// What a signed-in user does with their own account: list, enrol and delete factors; and the
/// step-up check every sensitive operation makes.
public final class AccountService: Sendable {
    let registry: FactorRegistry
    let environment: AuthEnvironment

    /// A service over the registered plugins.
    public init(registry: FactorRegistry, environment: AuthEnvironment) {
        self.registry = registry
        self.environment = environment
    }

    /// Refuses an operation when the token's `mfaVerifiedAt` is older than the realm allows (RFC 9470);
    /// the error carries the maximum age for the `WWW-Authenticate` challenge.
    public func requireFreshMFA(_ claims: AccessClaims, operation: String, realm: RealmContext, client: ClientInfo) throws {
        let maxAge = realm.policy.maxMFAAge(for: operation)
        let now = environment.now()
        if let verifiedAt = claims.mfaVerifiedAt, maxAge > 0, now - verifiedAt <= maxAge { return }
        try realm.emit(EventType.stepUpRequired, user: claims.sub, client: client, details: ["operation": operation],
                       environment: environment)
        throw AuthError(.insufficientAuthentication, "\(operation) needs a second factor verified within \(maxAge) s",
                        seconds: Int(maxAge))
    }

    /// One factor as `/me/factors` lists it.
    public struct FactorSummary: Sendable {
        public let id: String
        public let kind: String
        public let createdAt: Int64
        public let lastUsedAt: Int64?
        public let status: String
        public let details: JSONValue

        /// The summary as JSON.
        public var json: JSONValue {
            var members: [String: JSONValue] = [
                "id": .string(id), "kind": .string(kind), "created_at": .number(Double(createdAt)),
                "status": .string(status), "details": details,
            ]
            members["last_used_at"] = lastUsedAt.map { .number(Double($0)) } ?? .null
            return .object(members)
        }
    }

    /// The user's factors with plugin details (e.g. remaining recovery codes).
    public func factors(realm: RealmContext, claims: AccessClaims) throws -> [FactorSummary] {
        let user = try self.user(realm, claims)
        return try realm.store.credentials(ofUser: user.id).map { credential in
            let details = try registry.provider(credential.kind)?.details(realm.factorContext(user: user, environment: environment),
                                                                          credential: credential) ?? .object([:])
            return FactorSummary(id: credential.id, kind: credential.kind, createdAt: credential.createdAt,
                                 lastUsedAt: credential.lastUsedAt, status: credential.status, details: details)
        }
    }

    /// Begins enrolling another factor; the pending state waits in a per-session enrolment slot.
    public func beginEnrollment(realm: RealmContext, claims: AccessClaims, kind: String) throws -> JSONValue {
        let user = try self.user(realm, claims)
        let provider = try enrollable(kind, realm: realm)
        let start = try provider.beginEnrollment(realm.factorContext(user: user, environment: environment))
        let idHash = Self.slot(claims.sid, kind)
        _ = try realm.store.consumeFlow(idHash: idHash)
        let now = environment.now()
        try realm.store.insertFlow(Flow(idHash: idHash, purpose: .enrollment, userID: user.id, sessionID: claims.sid, startedAt: now,
                                        expiresAt: now + realm.policy.flowLifetimeSeconds, pending: [kind: start.pending]))
        return start.response
    }

    /// Finishes an enrolment begun with `beginEnrollment`; a wrong answer is `.invalidCredentials` and may be retried.
    public func finishEnrollment(realm: RealmContext, claims: AccessClaims, kind: String, answer: JSONValue,
                                 client: ClientInfo) throws -> JSONValue {
        let user = try self.user(realm, claims)
        let provider = try enrollable(kind, realm: realm)
        let idHash = Self.slot(claims.sid, kind)
        guard var slot = try realm.store.flow(idHash: idHash), slot.expiresAt > environment.now(),
              let pending = slot.pending[kind] else {
            throw AuthError(.noPendingChallenge, "begin the enrolment first")
        }
        guard slot.attempts < realm.policy.flowMaxAttempts else {
            _ = try realm.store.consumeFlow(idHash: idHash)
            throw AuthError(.tooManyAttempts, "too many attempts; begin again")
        }
        switch try provider.finishEnrollment(realm.factorContext(user: user, environment: environment, client: client), pending: pending, answer: answer) {
        case .rejected(let reason):
            slot.attempts += 1
            slot.version += 1
            _ = try realm.store.updateFlow(slot)
            try realm.emit(EventType.factorRejected, user: user.id, client: client, details: ["kind": kind, "reason": reason],
                           environment: environment)
            throw AuthError(.invalidCredentials, "The factor was not accepted.")
        case .enrolled(let credential, let secrets, let response, _):
            guard try realm.store.consumeFlow(idHash: idHash) else { throw AuthError(.conflict, "the enrolment was already finished") }
            try realm.store.insertCredential(credential, secrets: secrets)
            try realm.emit(EventType.factorEnrolled, user: user.id, client: client, details: ["kind": kind, "credential": credential.id],
                           environment: environment)
            var members = response.objectValue ?? [:]
            members["id"] = .string(credential.id)
            members["kind"] = .string(kind)
            return .object(members)
        }
    }

    /// Replaces the user's server-issued credential of `kind` (recovery codes) with a fresh one, shown once
    /// (a sensitive operation: call `requireFreshMFA` first).
    public func reissue(realm: RealmContext, claims: AccessClaims, kind: String, client: ClientInfo) throws -> JSONValue {
        let user = try self.user(realm, claims)
        guard let provider = registry.provider(kind), realm.policy.allows(kind) else {
            throw AuthError(.factorNotAllowed, "factor '\(kind)' is not available here")
        }
        let existing = try realm.store.credentials(ofUser: user.id).filter { $0.kind == kind }
        guard let issued = try provider.issue(realm.factorContext(user: user, environment: environment, client: client),
                                              replacing: existing) else {
            throw AuthError(.factorNotAllowed, "factor '\(kind)' is not issued by the server")
        }
        try realm.emit(existing.isEmpty ? EventType.factorEnrolled : EventType.factorReissued, user: user.id, client: client,
                       details: ["kind": kind, "credential": issued.credentialID], environment: environment)
        var members = issued.response.objectValue ?? [:]
        members["id"] = .string(issued.credentialID)
        members["kind"] = .string(kind)
        return .object(members)
    }

    /// Deletes one of the user's factors (a sensitive operation: call `requireFreshMFA` first).
    public func deleteFactor(realm: RealmContext, claims: AccessClaims, id: String, client: ClientInfo) throws {
        let user = try self.user(realm, claims)
        guard let credential = try realm.store.credential(id: id), credential.userID == user.id else {
            throw AuthError(.notFound, "no such factor")
        }
        let primary = registry.kinds.filter { registry.provider($0)?.descriptor.isPrimary == true }
        guard try realm.store.deleteCredential(id: id, userID: user.id, keepingOneOf: primary) else {
            throw AuthError(.lastFactor, "the last factor cannot be deleted; enrol another first")
        }
        try realm.emit(EventType.factorDeleted, user: user.id, client: client, details: ["kind": credential.kind, "credential": id],
                       environment: environment)
    }

    private func user(_ realm: RealmContext, _ claims: AccessClaims) throws -> User {
        guard let user = try realm.store.user(id: claims.sub), !user.disabled else {
            throw AuthError(.invalidToken, "the token's user cannot act")
        }
        return user
    }

    private func enrollable(_ kind: String, realm: RealmContext) throws -> any FactorProvider {
        guard let provider = registry.provider(kind), provider.descriptor.selfEnrollable, realm.policy.allows(kind) else {
            throw AuthError(.factorNotAllowed, "factor '\(kind)' cannot be enrolled here")
        }
        return provider
    }

    /// The enrolment slot of a session and kind (stored like a flow id: hashed).
    static func slot(_ sessionID: String, _ kind: String) -> String {
        Authenticator.flowHash("enroll|\(sessionID)|\(kind)")
    }
}
