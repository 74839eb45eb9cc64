import Foundation
import AuthCore
import Cryptography
import HTTPServer
import RecoveryCodeFactor
import Storage
import TOTPFactor

/// Everything an operator can set: a JSON file (`--config FILE`) overlaid by `GATEHOUSE_*` variables.
public struct GatehouseConfiguration: Sendable {
    /// Where the HTTP server listens (`GATEHOUSE_LISTEN`, default `127.0.0.1:8080`).
    public var listen = ListenAddress(host: "127.0.0.1", port: 8080)
    /// Directory of the embedded SQLite stores (`GATEHOUSE_DATA_DIR`, default `./data`).
    public var dataDirectory = "./data"
    /// The PostgreSQL master database (`GATEHOUSE_DATABASE_URL`); nil means embedded SQLite.
    public var databaseURL: ConnectionString?
    /// Base of issuer URLs (`GATEHOUSE_PUBLIC_URL`, default `http://` + listen address), without a trailing slash.
    public var publicURL: String?
    /// HTTP limits and pools.
    public var http = HTTPServerConfiguration()
    /// Threads that run password and recovery-code hashing.
    public var hashingThreads = 2
    /// Hashing jobs that may wait before new ones are refused with 503.
    public var hashingQueueLimit = 32
    /// Seconds `serve` waits for requests in flight after SIGTERM/SIGINT before it gives up on them.
    public var shutdownGraceSeconds = 20
    /// The 32-byte key that seals signing keys and factor secrets at rest (default `{dataDir}/sealing.key`,
    /// created on first start). Every instance sharing a database needs the same file.
    public var sealingKeyFile: String?
    /// argon2id parameters of new password hashes.
    public var passwordHashing = Argon2id.Parameters.default
    /// The audience (`aud`) of access tokens.
    public var tokenAudience = "rcm-core"
    /// Resource servers that may call introspection: client id → lowercase hex SHA-256 of its secret
    /// (`oauth.introspectionClients`). None by default: introspection then answers `401 invalid_client`.
    public var introspectionClients: [String: String] = [:]
    /// Wrong second-factor answers of one account from one address (across flows) before a 15-minute lock;
    /// delays start at half of it.
    public var factorFailuresBeforeLock = 10
    /// The policy every realm starts from: factors, lifetimes, keys, step-up ages.
    public var realmPolicy = RealmPolicy()
    /// Per-realm changes to `realmPolicy` (config file `realms.{id}`), applied on top of it.
    public var realmOverrides: [String: RealmOverride] = [:]

    /// The policy of one realm: the shared policy with the realm's overrides applied.
    public func policy(for realm: String) -> RealmPolicy {
        var policy = realmPolicy
        realmOverrides[realm]?.apply(to: &policy)
        return policy
    }
    /// The TOTP plugin: issuer label, algorithm and digits (per realm if needed), enrolment lifetime.
    public var totp = TOTPFactor.Configuration()
    /// The `webauthn` section: RP ID, origins, counter policy, model trust (defaults from the public URL).
    public var webauthn = WebAuthnSettings()
    /// The recovery-code plugin (bcrypt cost 12).
    public var recoveryCodes = RecoveryCodeFactor.Configuration()

    /// The defaults.
    public init() {}

    /// The sealing key file in effect.
    public var effectiveSealingKeyFile: String {
        sealingKeyFile ?? dataDirectory + "/sealing.key"
    }

    /// The public base URL, defaulting to the listen address.
    public var effectivePublicURL: String {
        publicURL ?? "http://\(listen)"
    }
}

/// A host and port to listen on.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// An IPv4 address.
    public var host: String
    /// A TCP port (0 picks a free one).
    public var port: UInt16

    public var description: String { "\(host):\(port)" }

    /// Parses `host:port` (host an IPv4 address or `localhost`).
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else { return nil }
        var host = String(text[..<colon])
        if host == "localhost" { host = "127.0.0.1" }
        guard let address = IPAddress(host), address.bytes.count == 4 else { return nil }
        self.init(host: host, port: port)
    }

    /// An address from its parts.
    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }
}

/// A configuration value that cannot be used; names the key, never repeats a secret value.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    /// The key (JSON path such as `http.workerThreads`, or an environment variable name).
    public let key: String
    /// What is wrong with it.
    public let problem: String

    public var description: String { "configuration key \(key): \(problem)" }
}

/// What one realm may set differently from the shared policy.
public struct RealmOverride: Sendable, Equatable {
    /// `ES256` or `EdDSA` for the realm's new signing keys.
    public var signingAlgorithm: String?
    /// Whether a second factor is required in this realm.
    public var secondFactorRequired: Bool?
    /// Whether passkeys may sign in alone (no username, no password) in this realm.
    public var passwordless: Bool?
    /// Factor kinds allowed in this realm.
    public var allowedFactors: [String]?
    /// Factor kinds allowed for step-up in this realm.
    public var stepUpFactors: [String]?

    /// No overrides.
    public init() {}

    func apply(to policy: inout RealmPolicy) {
        if let signingAlgorithm { policy.signingAlgorithm = signingAlgorithm }
        if let secondFactorRequired { policy.secondFactorRequired = secondFactorRequired }
        if let passwordless { policy.passwordless = passwordless }
        if let allowedFactors { policy.allowedFactors = allowedFactors }
        if let stepUpFactors { policy.stepUpFactors = stepUpFactors }
    }
}
