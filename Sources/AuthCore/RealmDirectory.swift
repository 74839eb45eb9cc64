import Cryptography

/// One realm as the engine sees it: its store, policy and issuer.
public struct RealmContext: Sendable {
    /// The realm id (`platform` or a tenant's id).
    public let id: String
    /// `{public base}/realms/{realm}`.
    public let issuer: String
    /// What the realm allows and requires.
    public let policy: RealmPolicy
    /// The realm's own store.
    public let store: any RealmStore
    /// Seals factor secrets and signing keys of this realm.
    public let sealer: SecretSealer

    /// Whether this is the operators' realm.
    public var isPlatform: Bool { id == "platform" }

    /// A realm context.
    public init(id: String, issuer: String, policy: RealmPolicy, store: any RealmStore, sealer: SecretSealer) {
        self.id = id
        self.issuer = issuer
        self.policy = policy
        self.store = store
        self.sealer = sealer
    }
}

/// Resolves realm ids to realms; throws `.unknownRealm` for one that does not exist.
public protocol RealmDirectory: Sendable {
    /// The realm, opened.
    func realm(_ id: String) throws -> RealmContext
}

/// Time, randomness and event delivery, injected so tests can pin them.
public struct AuthEnvironment: Sendable {
    /// Now, in Unix seconds.
    public var now: @Sendable () -> Int64
    /// Randomness for ids, secrets and tokens.
    public var random: any RandomSource
    /// Where events go besides the audit chain.
    public var events: any EventSink

    /// An environment.
    public init(now: @escaping @Sendable () -> Int64, random: any RandomSource = SystemRandom(), events: any EventSink) {
        self.now = now
        self.random = random
        self.events = events
    }

    /// A random identifier: `bytes` random bytes in base64url.
    public func randomID(bytes: Int = 16) -> String {
        Base64URL.encode(random.bytes(bytes))
    }
}

/// Who is calling: for events and throttling.
public struct ClientInfo: Sendable {
    /// The client's address.
    public let address: String
    /// The request id.
    public let requestID: String

    /// Client information.
    public init(address: String, requestID: String) {
        self.address = address
        self.requestID = requestID
    }
}

extension RealmContext {
    /// Appends an event to the realm's audit chain and hands it to the sinks.
    func emit(_ type: String, user: String?, client: ClientInfo?, details: [String: String] = [:], environment: AuthEnvironment) throws {
        let event = SecurityEvent(type: type, realm: id, userID: user, requestID: client?.requestID,
                                  clientAddress: client?.address, details: details, at: environment.now())
        try store.appendAudit(event)
        environment.events.record(event)
    }

    /// A plugin's view of this realm for one user; events it reports carry the request's client.
    func factorContext(user: User, environment: AuthEnvironment, client: ClientInfo? = nil) -> FactorContext {
        let realm = self, userID = user.id
        return FactorContext(realm: id, userID: user.id, username: user.username, issuer: issuer, credentials: store,
                             sealer: sealer, now: environment.now(), random: environment.random) { type, details in
            try realm.emit(type, user: userID, client: client, details: details, environment: environment)
        }
    }
}

extension RealmContext {
    /// Records a security event raised outside a flow (e.g. by the metadata refresh): audit chain and sinks.
    public func recordEvent(_ type: String, user: String?, details: [String: String], environment: AuthEnvironment) throws {
        try emit(type, user: user, client: nil, details: details, environment: environment)
    }
}
