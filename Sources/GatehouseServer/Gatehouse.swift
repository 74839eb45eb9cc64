import AuthCore
import FIDOMetadata
import WebAuthnFactor
import Cryptography
import Foundation
import HTTPServer
import Storage
import Synchronization
import RecoveryCodeFactor
import TOTPFactor
import Workers

/// The composition root: configuration, stores, pools, the auth engine and routes wired into one server.
public final class Gatehouse: Sendable {
    /// The version printed by `gatehouse version` and published in the OpenAPI document.
    public static let version = "0.2.0"

    /// The validated configuration.
    public let configuration: GatehouseConfiguration
    /// The master and realm stores.
    public let stores: Stores
    /// The pool that runs password and recovery-code hashing.
    public let hashing: WorkerPool
    /// The HTTP server.
    public let server: HTTPServer
    /// Every documented operation (also the OpenAPI document's source).
    public let operations: [APIOperation]
    /// The FIDO MDS3 metadata the WebAuthn factor trusts (empty until a BLOB is loaded).
    public let metadata: MetadataRegistry
    let services: AuthServices

    /// Opens the stores (applying migrations), builds the engine and the server; `start()` begins listening.
    /// - Parameters:
    ///   - factors: factor plugins to register besides the built-in ones.
    ///   - builtInFactors: whether to register the built-in plugins (TOTP, recovery codes, WebAuthn); tests of the engine alone say no.
    ///   - now: the clock (Unix seconds); tests pin it.
    ///   - extraRoutes: routes added after the built-in ones (benchmarks and embedding hosts).
    public init(configuration: GatehouseConfiguration, log: @escaping LogWriter = LogLine.standardOutput,
                factors: [any FactorProvider] = [], builtInFactors: Bool = true, now: (@Sendable () -> Int64)? = nil,
                extraRoutes: (inout RouteTable) -> Void = { _ in }) throws {
        self.configuration = configuration
        stores = try Stores.open(configuration)
        let hashing = WorkerPool(name: "hashing", threads: configuration.hashingThreads, queueLimit: configuration.hashingQueueLimit)
        self.hashing = hashing

        let metadata = MetadataRegistry()
        self.metadata = metadata
        do {
            _ = try MetadataStore(dataDirectory: configuration.dataDirectory).load(into: metadata)
        } catch {
            // Without metadata every model is unknown (swk); realms that require trusted models refuse them.
            log(LogLine.json(["event": "mds.load_failed", "error_type": .string("\(type(of: error))"),
                              "detail": .string(String(describing: error))]))
        }
        var registry = FactorRegistry()
        if builtInFactors {
            try registry.register(TOTPFactor(configuration.totp))
            try registry.register(RecoveryCodeFactor(configuration.recoveryCodes, hashing: hashing))
            try registry.register(WebAuthnFactor(configuration: configuration.webauthn.configuration(publicURL: configuration.effectivePublicURL),
                                                 metadata: metadata))
        }
        for factor in factors { try registry.register(factor) }
        let environment = AuthEnvironment(now: now ?? { Int64(Date().timeIntervalSince1970) }, events: LogEventSink(log: log))
        let sealer = try SecretSealer(key: try SealingKey.load(path: configuration.effectiveSealingKeyFile))
        let realms = Realms(stores: stores, policy: { configuration.policy(for: $0) }, publicURL: configuration.effectivePublicURL, sealer: sealer)
        let hasher = try PasswordHasher(parameters: configuration.passwordHashing, pool: hashing)
        let keys = SigningKeyManager(environment: environment)
        let tokens = TokenService(keys: keys, audience: configuration.tokenAudience, environment: environment)
        let throttle = LoginThrottle(clock: { Double(environment.now()) })
        let factorThrottle = LoginThrottle(limits: LoginThrottle.Limits(lockAfter: configuration.factorFailuresBeforeLock),
                                           clock: { Double(environment.now()) })
        services = AuthServices(
            realms: realms,
            authenticator: Authenticator(directory: realms, registry: registry, hasher: hasher, throttle: throttle,
                                         factorThrottle: factorThrottle, tokens: tokens,
                                         environment: environment),
            tokens: tokens, keys: keys, accounts: AccountService(registry: registry, environment: environment),
            users: UserAdministration(hasher: hasher, environment: environment), environment: environment)

        let metrics = Metrics()
        metrics.addGauge("gatehouse_hashing_pool_queue_depth", help: "Hashing jobs waiting for a thread.") {
            Double(hashing.queueDepth)
        }
        let document = Mutex("")
        var table = RouteTable()
        SystemRoutes.register(in: &table, metrics: metrics, checks: stores.readinessChecks, log: log) { document.withLock { $0 } }
        LoginRoutes.register(in: &table, services: services)
        AccountRoutes.register(in: &table, services: services)
        OAuthRoutes.register(in: &table, services: services,
                             introspectionClients: IntrospectionClients(configuration.introspectionClients, now: environment.now))
        AdminRoutes.register(in: &table, services: services)
        SignInPage.register(in: &table) { [configuration] realm in configuration.policy(for: realm).passwordless }
        extraRoutes(&table)
        operations = table.operations
        let rendered = OpenAPIDocument.render(table.operations, version: Gatehouse.version)
        document.withLock { $0 = rendered }
        server = HTTPServer(configuration: configuration.http, router: table.router, metrics: metrics, log: log)
    }

    /// The OpenAPI document of every route.
    public var openAPIDocument: String {
        OpenAPIDocument.render(operations, version: Gatehouse.version)
    }

    /// Creates a tenant realm (as `gatehouse realm create` does).
    public func createRealm(id: String, name: String) throws {
        try services.realms.create(id: id, name: name, now: services.environment.now())
    }

    /// Creates a user (as `gatehouse user create` does).
    @discardableResult
    public func createUser(realm: String, username: String, password: SecretBytes, roles: [String] = []) throws -> User {
        try services.users.create(realm: try services.realms.realm(realm), username: username, password: password, email: nil,
                                  roles: roles.map(Role.init), client: nil)
    }

    /// Starts listening.
    public func start() throws {
        try server.start()
    }

    /// Stops accepting requests, finishes those in flight, and closes the stores.
    public func shutdown() {
        server.shutdown()
        hashing.shutdown()
        stores.close()
    }
}
