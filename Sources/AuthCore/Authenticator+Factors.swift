import JOSE
/// The factor steps of a flow: challenge, answer, enrolment.
extension Authenticator {
    /// The factor's challenge for a flow (may be empty).
    public func challenge(realm realmID: String, flowID: String, kind: String, client: ClientInfo) throws -> JSONValue {
        let realm = try directory.realm(realmID)
        var (flow, user) = try openFlow(realm: realm, id: flowID, client: client)
        let provider = try provider(kind, for: flow, in: realm)
        let challenge: FactorChallenge
        if flow.purpose == .passwordless {
            challenge = try provider.passwordlessChallenge(realm: realm.id, random: environment.random)
        } else {
            guard let user else { throw AuthError(.flowNotFound, "no such flow") }
            let credentials = try usableCredentials(of: user, in: realm).filter { $0.kind == kind }
            guard !credentials.isEmpty else { throw AuthError(.factorNotAllowed, "the user has no \(kind) factor") }
            challenge = try provider.challenge(realm.factorContext(user: user, environment: environment, client: client),
                                               credentials: credentials)
        }
        flow.pending[kind] = challenge.pending
        try save(&flow, in: realm)
        return challenge.response
    }

    /// Checks a factor answer; on success the flow is consumed and tokens are issued.
    public func answer(realm realmID: String, flowID: String, kind: String, answer: JSONValue, client: ClientInfo) throws -> TokenResponse {
        let realm = try directory.realm(realmID)
        var (flow, knownUser) = try openFlow(realm: realm, id: flowID, client: client)
        let provider = try provider(kind, for: flow, in: realm)
        if flow.purpose == .passwordless {
            return try answerPasswordless(answer, flow: &flow, provider: provider, realm: realm, client: client)
        }
        guard let user = knownUser else { throw AuthError(.flowNotFound, "no such flow") }
        var credentials = try usableCredentials(of: user, in: realm).filter { $0.kind == kind }
        if flow.purpose == .stepUp, let session = flow.sessionID.flatMap({ try? realm.store.session(id: $0) }) {
            // A step-up is answered only by a factor the session already had: one enrolled later (with a
            // stolen token, say) must not vouch for the session it was added in.
            let verifiedAt = session.mfaVerifiedAt ?? session.authTime
            credentials = credentials.filter { $0.createdAt <= verifiedAt }
        }
        guard !credentials.isEmpty else { throw AuthError(.factorNotAllowed, "the user has no \(kind) factor") }
        // Guessing is limited across flows too (a correct password does not reset the count); a throttled answer
        // spends no attempt and leaves the challenge in place.
        let throttleAccount = "factor|\(realm.id)|\(user.id)"
        try checkFactorThrottle(account: throttleAccount, user: user, realm: realm, client: client)
        // The challenge is single-use: it leaves the stored flow with the same write that counts the attempt.
        let pending = flow.pending.removeValue(forKey: kind)
        try countAttempt(&flow, in: realm)
        return try verify(answer, pending: pending, flow: &flow, provider: provider, user: user, credentials: credentials,
                          throttleAccount: throttleAccount, realm: realm, client: client)
    }

    /// A passwordless answer: the credential it names tells who is signing in. Every answer is one attempt of
    /// the flow, one naming no usable credential included. It is not counted against the account: a passkey's
    /// signature cannot be guessed, and counting would let anyone who knows a credential id slow its owner down.
    func answerPasswordless(_ answer: JSONValue, flow: inout Flow, provider: any FactorProvider, realm: RealmContext,
                            client: ClientInfo) throws -> TokenResponse {
        let kind = provider.descriptor.kind
        let pending = flow.pending.removeValue(forKey: kind)
        try countAttempt(&flow, in: realm)
        guard let reference = provider.credentialReference(in: answer),
              let credential = try realm.store.credential(kind: kind, externalID: reference),
              let user = try realm.store.user(id: credential.userID), !user.disabled,
              try usableCredentials(of: user, in: realm).contains(where: { $0.id == credential.id }) else {
            try reject(flow: &flow, realm: realm, userID: nil, kind: kind, reason: "unknown_credential", client: client)
        }
        return try verify(answer, pending: pending, flow: &flow, provider: provider, user: user, credentials: [credential],
                          throttleAccount: nil, realm: realm, client: client)
    }

    /// Refuses an answer while `account` is throttled; otherwise counts it as a failure until it succeeds.
    func checkFactorThrottle(account: String, user: User, realm: RealmContext, client: ClientInfo) throws {
        if case .refused(let retryAfter, let locked) = factorThrottle.attempt(account: account, address: client.address) {
            try realm.emit(EventType.loginThrottled, user: user.id, client: client, details: [
                "stage": "factor", "locked": locked ? "true" : "false", "retry_after": String(retryAfter),
            ], environment: environment)
            throw AuthError(.throttled, "too many failed factor answers; retry later", seconds: retryAfter)
        }
    }

    /// Checks a counted answer of a known user with the plugin; tokens or a rejection. `throttleAccount`: the
    /// factor-throttle account the answer was counted against (refunded on success), if any.
    func verify(_ answer: JSONValue, pending: [UInt8]?, flow: inout Flow, provider: any FactorProvider, user: User,
                credentials: [FactorCredential], throttleAccount: String?, realm: RealmContext,
                client: ClientInfo) throws -> TokenResponse {
        let kind = provider.descriptor.kind
        let verification = try provider.verify(realm.factorContext(user: user, environment: environment, client: client),
                                               credentials: credentials, pending: pending, answer: answer)
        switch verification {
        case .rejected(let reason):
            try reject(flow: &flow, realm: realm, userID: user.id, kind: kind, reason: reason, client: client)
        case .accepted(_, let amr) where flow.purpose == .passwordless && !amr.contains("user"):
            // Without a password the factor must prove the user too (RFC 8176 `user`); the plugin promised it,
            // the engine checks it.
            try reject(flow: &flow, realm: realm, userID: user.id, kind: kind, reason: "user_not_verified", client: client)
        case .accepted(let credentialID, let amr):
            try consume(flow, in: realm)
            if let throttleAccount { factorThrottle.recordSuccess(account: throttleAccount, address: client.address) }
            try realm.emit(EventType.factorVerified, user: user.id, client: client,
                           details: ["kind": kind, "credential": credentialID], environment: environment)
            return try complete(flow, realm: realm, user: user, factorAMR: amr, client: client)
        }
    }

    /// Begins enrolling a factor inside a login flow whose user has none yet.
    public func beginEnrollment(realm realmID: String, flowID: String, kind: String, client: ClientInfo) throws -> JSONValue {
        let realm = try directory.realm(realmID)
        var (flow, user) = try openFlowWithUser(realm: realm, id: flowID, client: client)
        let provider = try enrollableProvider(kind, flow: flow, user: user, realm: realm)
        let start = try provider.beginEnrollment(realm.factorContext(user: user, environment: environment, client: client))
        flow.pending["enroll:" + kind] = start.pending
        try save(&flow, in: realm)
        return start.response
    }

    /// Finishes an enrolment inside a login flow; on success the flow is consumed and tokens are issued.
    public func finishEnrollment(realm realmID: String, flowID: String, kind: String, answer: JSONValue,
                                 client: ClientInfo) throws -> TokenResponse {
        let realm = try directory.realm(realmID)
        var (flow, user) = try openFlowWithUser(realm: realm, id: flowID, client: client)
        let provider = try enrollableProvider(kind, flow: flow, user: user, realm: realm)
        guard let pending = flow.pending.removeValue(forKey: "enroll:" + kind) else {
            throw AuthError(.noPendingChallenge, "begin the enrolment first")
        }
        try countAttempt(&flow, in: realm)
        let outcome = try provider.finishEnrollment(realm.factorContext(user: user, environment: environment, client: client), pending: pending, answer: answer)
        switch outcome {
        case .rejected(let reason):
            flow.pending["enroll:" + kind] = pending  // the same enrolment may be answered again within the attempt limit
            try reject(flow: &flow, realm: realm, userID: user.id, kind: kind, reason: reason, client: client)
        case .enrolled(let credential, let secrets, let response, let amr):
            try consume(flow, in: realm)
            try realm.store.insertCredential(credential, secrets: secrets)
            try realm.emit(EventType.factorEnrolled, user: user.id, client: client,
                           details: ["kind": kind, "credential": credential.id], environment: environment)
            let issued = try issueWithFirstFactor(realm: realm, user: user, enrolled: kind, client: client)
            var tokens = try complete(flow, realm: realm, user: user, factorAMR: amr ?? provider.descriptor.amr, client: client)
            for extra in [response] + issued { if case .object(let members) = extra { tokens.extra.merge(members) { $1 } } }
            return tokens
        }
    }

    /// After a first enrolment in a login flow: the kinds the server issues alongside (recovery codes) that the
    /// user lacks are issued now; their responses (shown once) ride along in the token response.
    func issueWithFirstFactor(realm: RealmContext, user: User, enrolled: String, client: ClientInfo) throws -> [JSONValue] {
        let held = try realm.store.credentials(ofUser: user.id)
        var responses: [JSONValue] = []
        for kind in registry.kinds where kind != enrolled && realm.policy.allows(kind) && !held.contains(where: { $0.kind == kind }) {
            guard let provider = registry.provider(kind), provider.descriptor.issuedWithFirstFactor,
                  let issued = try provider.issue(realm.factorContext(user: user, environment: environment, client: client), replacing: [])
            else { continue }
            try realm.emit(EventType.factorEnrolled, user: user.id, client: client,
                           details: ["kind": kind, "credential": issued.credentialID], environment: environment)
            responses.append(issued.response)
        }
        return responses
    }

    // MARK: - Flow bookkeeping

    /// Loads a live flow and its user (nil in a passwordless flow until its answer names one); a missing,
    /// expired or foreign flow is refused with an event.
    func openFlow(realm: RealmContext, id: String, client: ClientInfo) throws -> (Flow, User?) {
        guard let flow = try realm.store.flow(idHash: Self.flowHash(id)), flow.purpose != .enrollment else {
            try realm.emit(EventType.flowRefused, user: nil, client: client, details: ["reason": "unknown"], environment: environment)
            throw AuthError(.flowNotFound, "no such flow (it may have been used or expired)")
        }
        guard flow.expiresAt > environment.now() else {
            _ = try realm.store.consumeFlow(idHash: flow.idHash)
            try realm.emit(EventType.flowRefused, user: flow.userID, client: client, details: ["reason": "expired"], environment: environment)
            throw AuthError(.flowExpired, "the flow has expired; sign in again")
        }
        guard let userID = flow.userID else { return (flow, nil) }
        guard let user = try realm.store.user(id: userID), !user.disabled else {
            _ = try realm.store.consumeFlow(idHash: flow.idHash)
            throw AuthError(.flowNotFound, "no such flow")
        }
        return (flow, user)
    }

    /// `openFlow` for the steps that need to know the user (enrolment).
    func openFlowWithUser(realm: RealmContext, id: String, client: ClientInfo) throws -> (Flow, User) {
        let (flow, user) = try openFlow(realm: realm, id: id, client: client)
        guard let user else { throw AuthError(.factorNotAllowed, "enrolment happens in a login flow") }
        return (flow, user)
    }

    func provider(_ kind: String, for flow: Flow, in realm: RealmContext) throws -> any FactorProvider {
        guard let provider = registry.provider(kind), realm.policy.allows(kind) else {
            throw AuthError(.factorNotAllowed, "factor '\(kind)' is not available here")
        }
        if flow.purpose == .stepUp && !realm.policy.allowsStepUp(provider.descriptor) {
            throw AuthError(.factorNotAllowed, "factor '\(kind)' may not serve step-up")
        }
        if flow.purpose == .passwordless && !(realm.policy.passwordless && provider.descriptor.passwordless) {
            throw AuthError(.factorNotAllowed, "factor '\(kind)' cannot sign in without a password here")
        }
        return provider
    }

    func enrollableProvider(_ kind: String, flow: Flow, user: User, realm: RealmContext) throws -> any FactorProvider {
        guard flow.purpose == .login else { throw AuthError(.factorNotAllowed, "enrolment happens in a login flow") }
        guard try !hasPrimaryCredential(user, in: realm) else {
            throw AuthError(.factorNotAllowed, "the user already has a factor; answer it instead")
        }
        guard enrollableKinds(in: realm).contains(kind), let provider = registry.provider(kind) else {
            throw AuthError(.factorNotAllowed, "factor '\(kind)' cannot be enrolled here")
        }
        return provider
    }

    /// Counts an answer against the flow's limit before checking it.
    func countAttempt(_ flow: inout Flow, in realm: RealmContext) throws {
        guard flow.attempts < realm.policy.flowMaxAttempts else {
            _ = try realm.store.consumeFlow(idHash: flow.idHash)
            throw AuthError(.tooManyAttempts, "too many attempts; sign in again")
        }
        flow.attempts += 1
        try save(&flow, in: realm)
    }

    func save(_ flow: inout Flow, in realm: RealmContext) throws {
        flow.version += 1
        guard try realm.store.updateFlow(flow) else {
            throw AuthError(.conflict, "the flow changed meanwhile; retry")
        }
    }

    func consume(_ flow: Flow, in realm: RealmContext) throws {
        guard try realm.store.consumeFlow(idHash: flow.idHash) else {
            throw AuthError(.flowNotFound, "the flow was already used")
        }
    }

    func reject(flow: inout Flow, realm: RealmContext, userID: String?, kind: String, reason: String, client: ClientInfo) throws -> Never {
        try realm.emit(EventType.factorRejected, user: userID, client: client,
                       details: ["kind": kind, "reason": reason, "attempt": String(flow.attempts)], environment: environment)
        if flow.attempts >= realm.policy.flowMaxAttempts {
            _ = try realm.store.consumeFlow(idHash: flow.idHash)
        } else {
            try save(&flow, in: realm)
        }
        throw AuthError(.invalidCredentials, "The factor was not accepted.")
    }

    /// Issues what a completed flow earns: a new session (login) or a fresher one (step-up).
    func complete(_ flow: Flow, realm: RealmContext, user: User, factorAMR: [String], client: ClientInfo) throws -> TokenResponse {
        let now = environment.now()
        switch flow.purpose {
        case .login, .passwordless:
            // A passwordless factor proves two factors itself (a passkey that verified the user): `mfa`, no `pwd`.
            var amr = flow.purpose == .login ? ["pwd"] : []
            for value in factorAMR + ["mfa"] where !amr.contains(value) { amr.append(value) }
            let response = try tokens.startSession(realm: realm, user: user, amr: amr, mfaVerifiedAt: now)
            try realm.emit(EventType.loginSucceeded, user: user.id, client: client,
                           details: ["amr": amr.joined(separator: " ")], environment: environment)
            return response
        case .stepUp, .enrollment:
            guard let sessionID = flow.sessionID else { throw AuthError(.invalidToken, "the step-up has no session") }
            let response = try tokens.stepUp(realm: realm, user: user, sessionID: sessionID, factorAMR: factorAMR, at: now)
            try realm.emit(EventType.stepUpSucceeded, user: user.id, client: client, environment: environment)
            return response
        }
    }
}
