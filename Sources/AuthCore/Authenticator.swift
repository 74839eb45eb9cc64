import Cryptography
import Synchronization

/// The login and step-up engine: password, then a second factor (or its enrolment), then tokens.
/// One code path for `platform` and every tenant realm.
public final class Authenticator: Sendable {
    let directory: any RealmDirectory
    let registry: FactorRegistry
    let hasher: PasswordHasher
    let throttle: LoginThrottle
    /// Counts wrong second-factor answers per account across flows (a right password does not reset it).
    let factorThrottle: LoginThrottle
    let tokens: TokenService
    let environment: AuthEnvironment
    /// When this instance last swept each realm's expired flows (Unix seconds).
    private let lastFlowSweep = Mutex<[String: Int64]>([:])

    /// An engine over its parts; all are shared, immutable or synchronised.
    public init(directory: any RealmDirectory, registry: FactorRegistry, hasher: PasswordHasher, throttle: LoginThrottle,
                factorThrottle: LoginThrottle,
                tokens: TokenService, environment: AuthEnvironment) {
        self.directory = directory
        self.registry = registry
        self.hasher = hasher
        self.throttle = throttle
        self.factorThrottle = factorThrottle
        self.tokens = tokens
        self.environment = environment
    }

    /// The result of a correct password.
    public enum LoginResult: Sendable {
        /// A flow continues with a second factor or its enrolment.
        case flow(FlowStart)
        /// The realm does not require a second factor and the user has none: tokens at once.
        case tokens(TokenResponse)
    }

    /// Checks a username and password; every failure is the same `.invalidCredentials`.
    public func login(realm realmID: String, username: String, password: SecretBytes, client: ClientInfo) throws -> LoginResult {
        let realm = try directory.realm(realmID)
        let account = "\(realm.id)|\(User.usernameKey(username))"
        if case .refused(let retryAfter, let locked) = throttle.attempt(account: account, address: client.address) {
            try realm.emit(EventType.loginThrottled, user: nil, client: client,
                           details: ["locked": locked ? "true" : "false", "retry_after": String(retryAfter)], environment: environment)
            throw AuthError(.throttled, "too many failed sign-ins; retry later", seconds: retryAfter)
        }
        let user = try realm.store.user(named: username)
        let outcome = try hasher.verify(password, against: user?.passwordHash)
        guard let user, outcome.matched, !user.disabled else {
            let reason = user == nil ? "unknown_user" : (outcome.matched ? "disabled" : "wrong_password")
            try realm.emit(EventType.loginFailed, user: user?.id, client: client, details: ["reason": reason], environment: environment)
            throw AuthError(.invalidCredentials, "Invalid username or password.")
        }
        throttle.recordSuccess(account: account, address: client.address)
        if let rehash = outcome.rehash {
            var updated = user
            updated.passwordHash = rehash
            try realm.store.updateUser(updated)
            try realm.emit(EventType.passwordRehashed, user: user.id, client: client, environment: environment)
        }
        let credentials = try usableCredentials(of: user, in: realm)
        // "Enrolled" counts every primary credential, usable or not: a credential taken out of use (a suspected
        // clone, a model MDS3 now refuses, a kind the realm no longer allows) must not reopen enrolment to
        // whoever knows the password.
        let enrolled = try hasPrimaryCredential(user, in: realm)
        if !realm.policy.secondFactorRequired && !enrolled {
            let response = try tokens.startSession(realm: realm, user: user, amr: ["pwd"], mfaVerifiedAt: nil)
            try realm.emit(EventType.loginSucceeded, user: user.id, client: client, details: ["amr": "pwd"], environment: environment)
            return .tokens(response)
        }
        let factors = enrolled ? kinds(of: credentials) : enrollableKinds(in: realm)
        guard !factors.isEmpty else {
            throw AuthError(enrolled ? .factorNotAllowed : .unavailable,
                            enrolled ? "none of the user's factors can be used; an operator must reset them"
                                     : "no factor is available in this realm")
        }
        return .flow(try startFlow(.login, realm: realm, userID: user.id, sessionID: nil, next: enrolled ? .factor : .enroll,
                                   factors: factors))
    }

    /// Starts a sign-in without a username or password, where the realm allows it: the kinds offered are those
    /// whose answer names its user (passkeys). The client asks `{kind}/challenge`, then answers `{kind}`.
    public func beginPasswordless(realm realmID: String, client: ClientInfo) throws -> FlowStart {
        let realm = try directory.realm(realmID)
        let kinds = registry.kinds.filter { kind in
            realm.policy.allows(kind) && registry.provider(kind)?.descriptor.passwordless == true
        }
        guard realm.policy.passwordless, !kinds.isEmpty else {
            throw AuthError(.factorNotAllowed, "passwordless sign-in is not enabled in this realm")
        }
        return try startFlow(.passwordless, realm: realm, userID: nil, sessionID: nil, next: .factor, factors: kinds)
    }

    /// Starts a step-up for the session of a verified access token.
    public func beginStepUp(realm realmID: String, claims: AccessClaims, client: ClientInfo) throws -> FlowStart {
        let realm = try directory.realm(realmID)
        guard let user = try realm.store.user(id: claims.sub), !user.disabled else {
            throw AuthError(.invalidToken, "the token's user cannot sign in")
        }
        let credentials = try usableCredentials(of: user, in: realm).filter { credential in
            registry.provider(credential.kind).map { realm.policy.allowsStepUp($0.descriptor) } ?? false
        }
        guard !credentials.isEmpty else { throw AuthError(.factorNotAllowed, "no factor of this user may serve step-up") }
        let start = try startFlow(.stepUp, realm: realm, userID: user.id, sessionID: claims.sid, next: .factor,
                                  factors: kinds(of: credentials))
        try realm.emit(EventType.stepUpStarted, user: user.id, client: client, environment: environment)
        return start
    }

    // MARK: - Shared steps

    func startFlow(_ purpose: Flow.Purpose, realm: RealmContext, userID: String?, sessionID: String?, next: FlowStart.Next,
                   factors: [String]) throws -> FlowStart {
        let now = environment.now()
        let id = environment.randomID(bytes: 32)
        let flow = Flow(idHash: Self.flowHash(id), purpose: purpose, userID: userID, sessionID: sessionID,
                        startedAt: now, expiresAt: now + realm.policy.flowLifetimeSeconds)
        // Abandoned flows go as new ones come, so the table holds only the last hour's flows (a passwordless start
        // needs no credential, so anyone may start one). For that hour an expired flow answers `flow_expired`, but
        // its challenges go within two minutes of its end (they live minutes, not hours; one minute is for an
        // instance whose clock runs behind). A sweep is a write: each instance sweeps a realm at most once a minute.
        if flowSweepDue(realm.id, now: now) {
            try realm.store.sweepFlows(now: now - 60, deleteBefore: now - Self.expiredFlowRetentionSeconds)
        }
        try realm.store.insertFlow(flow)
        return FlowStart(flowID: id, next: next, factors: factors, expiresAt: flow.expiresAt)
    }

    /// The user's credentials that a registered plugin claims, the realm allows, and that are active.
    func usableCredentials(of user: User, in realm: RealmContext) throws -> [FactorCredential] {
        try realm.store.credentials(ofUser: user.id).filter {
            registry.provider($0.kind) != nil && realm.policy.allows($0.kind) && $0.status == "active"
        }
    }

    /// Whether the user holds any credential of a primary kind, whatever its status or the realm's policy.
    func hasPrimaryCredential(_ user: User, in realm: RealmContext) throws -> Bool {
        try realm.store.credentials(ofUser: user.id).contains { isPrimary($0.kind) }
    }

    func isPrimary(_ kind: String) -> Bool {
        registry.provider(kind)?.descriptor.isPrimary ?? false
    }

    func kinds(of credentials: [FactorCredential]) -> [String] {
        var seen: [String] = []
        for credential in credentials where !seen.contains(credential.kind) { seen.append(credential.kind) }
        return seen
    }

    func enrollableKinds(in realm: RealmContext) -> [String] {
        registry.kinds.filter { kind in
            guard let descriptor = registry.provider(kind)?.descriptor else { return false }
            return descriptor.selfEnrollable && descriptor.isPrimary && realm.policy.allows(kind)
        }
    }

    /// Whether this instance should sweep `realm`'s flows now; claims the sweep when it is.
    func flowSweepDue(_ realm: String, now: Int64) -> Bool {
        lastFlowSweep.withLock { last in
            if let previous = last[realm], now - previous < 60 { return false }
            last[realm] = now
            return true
        }
    }

    /// How long an expired flow is kept, so that its id still answers `flow_expired` rather than `flow_not_found`.
    static let expiredFlowRetentionSeconds: Int64 = 3600

    /// Flow ids are stored only as their SHA-256.
    static func flowHash(_ id: String) -> String {
        Hex.encode(Digest.sha256(Array(id.utf8)))
    }
}
