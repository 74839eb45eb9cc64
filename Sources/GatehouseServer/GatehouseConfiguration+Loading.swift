import Foundation
import AuthCore
import HTTPServer
import Storage
import TOTPFactor

extension GatehouseConfiguration {
    /// The environment variables that override the file, by name.
    public static let environmentKeys = [
        "GATEHOUSE_LISTEN", "GATEHOUSE_DATA_DIR", "GATEHOUSE_DATABASE_URL", "GATEHOUSE_PUBLIC_URL",
        "GATEHOUSE_RATE_LIMIT_PER_MINUTE", "GATEHOUSE_TRUSTED_PROXIES",
    ]

    /// Loads the defaults, then the JSON file (when given), then the environment; validates everything.
    public static func load(file: String?, environment: [String: String]) throws(ConfigurationError) -> GatehouseConfiguration {
        var configuration = GatehouseConfiguration()
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ConfigurationError(key: "--config", problem: "cannot read \(file)")
            }
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ConfigurationError(key: "--config", problem: "\(file) is not a JSON object")
            }
            try configuration.apply(file: ConfigObject(object, path: ""))
        }
        try configuration.apply(environment: environment)
        try configuration.validate()
        return configuration
    }

    private mutating func apply(file root: ConfigObject) throws(ConfigurationError) {
        if let text = try root.string("listen") { listen = try Self.listenAddress(text, key: root.key("listen")) }
        if let text = try root.string("dataDir") { dataDirectory = text }
        if let text = try root.string("databaseURL") { databaseURL = ConnectionString(text) }
        if let text = try root.string("publicURL") { publicURL = text }
        if let shutdown = try root.int("shutdownGraceSeconds", in: 0...3600) { shutdownGraceSeconds = shutdown }
        if let section = try root.object("http") {
            if let value = try section.int("listenerThreads", in: 1...64) { http.listenerThreads = value }
            if let value = try section.int("workerThreads", in: 1...1024) { http.workerThreads = value }
            if let value = try section.int("workerQueueLimit", in: 0...100_000) { http.workerQueueLimit = value }
            if let value = try section.int("maxBodyBytes", in: 1024...(64 << 20)) { http.maxBodyBytes = value }
            if let value = try section.int("maxHeaderBytes", in: 1024...(1 << 20)) { http.maxHeaderBytes = value }
            if let value = try section.int("maxHeaderCount", in: 8...1000) { http.maxHeaderCount = value }
            if let value = try section.int("connectionTimeoutSeconds", in: 1...3600) { http.connectionTimeoutSeconds = value }
            if let value = try section.int("perIPConnectionLimit", in: 1...100_000) { http.perIPConnectionLimit = value }
            if let value = try section.int("connectionLimit", in: 1...1_000_000) { http.connectionLimit = value }
            try section.rejectUnknown()
        }
        if let section = try root.object("rateLimit") {
            if let value = try section.int("requestsPerMinute", in: 1...10_000_000) { http.rateLimitPerMinute = value }
            if let value = try section.int("maxTrackedClients", in: 1...1_000_000) { http.rateLimitMaxClients = value }
            if let list = try section.strings("trustedProxies") {
                http.trustedProxies = try Self.proxies(list, key: section.key("trustedProxies"))
            }
            try section.rejectUnknown()
        }
        if let text = try root.string("sealingKeyFile") { sealingKeyFile = text }
        if let section = try root.object("passwordHashing") {
            if let value = try section.int("memoryKiB", in: 8192...(1 << 20)) { passwordHashing.memoryKiB = UInt32(value) }
            if let value = try section.int("iterations", in: 1...64) { passwordHashing.iterations = UInt32(value) }
            if let value = try section.int("parallelism", in: 1...64) { passwordHashing.parallelism = UInt32(value) }
            try section.rejectUnknown()
        }
        if let section = try root.object("tokens") {
            if let text = try section.string("audience") { tokenAudience = text }
            if let value = try section.int("accessTokenSeconds", in: 30...86_400) { realmPolicy.accessTokenSeconds = Int64(value) }
            if let value = try section.int("refreshTokenSeconds", in: 60...(90 * 86_400)) { realmPolicy.refreshTokenSeconds = Int64(value) }
            if let value = try section.int("sessionSeconds", in: 60...(90 * 86_400)) { realmPolicy.sessionSeconds = Int64(value) }
            if let text = try section.string("signingAlgorithm") {
                guard ["ES256", "EdDSA"].contains(text) else {
                    throw ConfigurationError(key: section.key("signingAlgorithm"), problem: "must be ES256 or EdDSA")
                }
                realmPolicy.signingAlgorithm = text
            }
            if let value = try section.int("keyRotationDays", in: 1...3650) { realmPolicy.keyRotationDays = Int64(value) }
            if let value = try section.int("keyStagingDays", in: 0...365) { realmPolicy.keyStagingDays = Int64(value) }
            try section.rejectUnknown()
        }
        if let section = try root.object("oauth") {
            if let clients = try section.object("introspectionClients") {
                for id in clients.keys {
                    guard Self.isClientID(id), let hash = try clients.string(id),
                          hash.count == 64, hash.allSatisfy({ $0.isASCII && $0.isHexDigit }) else {
                        throw ConfigurationError(key: clients.key(id), problem:
                            "must map a client id (1–64 of A-Z a-z 0-9 . _ -) to the hex SHA-256 of its secret")
                    }
                    introspectionClients[id] = hash.lowercased()
                }
                try clients.rejectUnknown()
            }
            try section.rejectUnknown()
        }
        if let section = try root.object("login") {
            if let value = try section.bool("secondFactorRequired") { realmPolicy.secondFactorRequired = value }
            if let value = try section.bool("passwordless") { realmPolicy.passwordless = value }
            if let value = try section.int("flowLifetimeSeconds", in: 30...3600) { realmPolicy.flowLifetimeSeconds = Int64(value) }
            if let value = try section.int("flowMaxAttempts", in: 1...20) { realmPolicy.flowMaxAttempts = value }
            if let value = try section.int("factorFailuresBeforeLock", in: 2...10_000) { factorFailuresBeforeLock = value }
            if let list = try section.strings("allowedFactors") { realmPolicy.allowedFactors = list }
            if let list = try section.strings("stepUpFactors") { realmPolicy.stepUpFactors = list }
            try section.rejectUnknown()
        }
        if let section = try root.object("stepUp") {
            if let ages = try section.object("maxAgeSeconds") {
                for operation in ages.keys {
                    guard SensitiveOperation.defaultMaxAges[operation] != nil else {
                        throw ConfigurationError(key: ages.key(operation), problem: "is not a sensitive operation (known: "
                            + SensitiveOperation.defaultMaxAges.keys.sorted().joined(separator: ", ") + ")")
                    }
                    if let value = try ages.int(operation, in: 0...86_400) { realmPolicy.stepUpMaxAge[operation] = Int64(value) }
                }
                try ages.rejectUnknown()
            }
            try section.rejectUnknown()
        }
        if let section = try root.object("webauthn") {
            if let realms = try section.object("realms") {
                for realm in realms.keys {
                    guard RealmID.isValid(realm), let settings = try realms.object(realm) else {
                        throw ConfigurationError(key: realms.key(realm), problem: "is not a realm id with an object of settings")
                    }
                    webauthn.realms[realm] = try WebAuthnSettings.values(settings)
                    try settings.rejectUnknown()
                }
                try realms.rejectUnknown()
            }
            if let file = try section.string("trustPolicyFile") {
                webauthn.trustPolicies = try WebAuthnSettings.trustPolicies(file: file, key: section.key("trustPolicyFile"))
            }
            webauthn.defaults = try WebAuthnSettings.values(section)
            try section.rejectUnknown()
        }
        if let section = try root.object("totp") {
            if let text = try section.string("issuer") { totp.issuer = text }
            if let text = try section.string("algorithm") { totp.algorithm = try Self.totpAlgorithm(text, key: section.key("algorithm")) }
            if let value = try section.int("digits", in: 6...8) { totp.digits = value }
            if let value = try section.int("enrollmentLifetimeSeconds", in: 30...3600) { totp.enrollmentLifetimeSeconds = Int64(value) }
            if let realms = try section.object("realms") {
                for realm in realms.keys {
                    guard let settings = try realms.object(realm) else { continue }
                    var override = TOTPFactor.Configuration.RealmSettings(algorithm: totp.algorithm, digits: totp.digits)
                    if let text = try settings.string("algorithm") {
                        override.algorithm = try Self.totpAlgorithm(text, key: settings.key("algorithm"))
                    }
                    if let value = try settings.int("digits", in: 6...8) { override.digits = value }
                    try settings.rejectUnknown()
                    totp.realms[realm] = override
                }
                try realms.rejectUnknown()
            }
            try section.rejectUnknown()
            do { _ = try TOTPFactor(totp) } catch let error as TOTPError {
                throw ConfigurationError(key: "totp", problem: error.reason)
            } catch {
                throw ConfigurationError(key: "totp", problem: "unusable")
            }
        }
        if let section = try root.object("realms") {
            for realm in section.keys {
                guard RealmID.isValid(realm), let entry = try section.object(realm) else {
                    throw ConfigurationError(key: section.key(realm), problem: "is not a realm id with an object of settings")
                }
                var override = RealmOverride()
                if let text = try entry.string("signingAlgorithm") {
                    guard ["ES256", "EdDSA"].contains(text) else {
                        throw ConfigurationError(key: entry.key("signingAlgorithm"), problem: "must be ES256 or EdDSA")
                    }
                    override.signingAlgorithm = text
                }
                override.secondFactorRequired = try entry.bool("secondFactorRequired")
                override.passwordless = try entry.bool("passwordless")
                override.allowedFactors = try entry.strings("allowedFactors")
                override.stepUpFactors = try entry.strings("stepUpFactors")
                try entry.rejectUnknown()
                realmOverrides[realm] = override
            }
            try section.rejectUnknown()
        }
        if let section = try root.object("hashing") {
            if let value = try section.int("threads", in: 1...64) { hashingThreads = value }
            if let value = try section.int("queueLimit", in: 0...10_000) { hashingQueueLimit = value }
            try section.rejectUnknown()
        }
        try root.rejectUnknown()
    }

    private static func isClientID(_ id: String) -> Bool {
        (1...64).contains(id.count) && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-_".contains($0)) }
    }

    private static func totpAlgorithm(_ text: String, key: String) throws(ConfigurationError) -> TOTPAlgorithm {
        guard let algorithm = TOTPAlgorithm(rawValue: text) else {
            throw ConfigurationError(key: key, problem: "must be SHA1, SHA256 or SHA512")
        }
        return algorithm
    }

    private mutating func apply(environment: [String: String]) throws(ConfigurationError) {
        if let text = environment["GATEHOUSE_LISTEN"] { listen = try Self.listenAddress(text, key: "GATEHOUSE_LISTEN") }
        if let text = environment["GATEHOUSE_DATA_DIR"] { dataDirectory = text }
        if let text = environment["GATEHOUSE_DATABASE_URL"], !text.isEmpty { databaseURL = ConnectionString(text) }
        if let text = environment["GATEHOUSE_PUBLIC_URL"] { publicURL = text }
        if let text = environment["GATEHOUSE_RATE_LIMIT_PER_MINUTE"] {
            guard let value = Int(text), value > 0 else {
                throw ConfigurationError(key: "GATEHOUSE_RATE_LIMIT_PER_MINUTE", problem: "must be a positive integer")
            }
            http.rateLimitPerMinute = value
        }
        if let text = environment["GATEHOUSE_TRUSTED_PROXIES"] {
            let list = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            http.trustedProxies = try Self.proxies(list, key: "GATEHOUSE_TRUSTED_PROXIES")
        }
    }

    private mutating func validate() throws(ConfigurationError) {
        if tokenAudience.isEmpty { throw ConfigurationError(key: "tokens.audience", problem: "must not be empty") }
        if dataDirectory.isEmpty { throw ConfigurationError(key: "dataDir / GATEHOUSE_DATA_DIR", problem: "must not be empty") }
        if let url = databaseURL?.value, !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) {
            throw ConfigurationError(key: "databaseURL / GATEHOUSE_DATABASE_URL",
                                     problem: "must be a postgres:// or postgresql:// URL (value not shown)")
        }
        if let text = publicURL {
            let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
            guard let url = URLComponents(string: trimmed), url.scheme == "http" || url.scheme == "https",
                  let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil, url.user == nil else {
                throw ConfigurationError(key: "publicURL / GATEHOUSE_PUBLIC_URL",
                                         problem: "must be an http(s) URL with a host and no query, fragment or user info")
            }
            publicURL = trimmed
        }
        http.host = listen.host
        http.port = listen.port
    }

    private static func listenAddress(_ text: String, key: String) throws(ConfigurationError) -> ListenAddress {
        guard let address = ListenAddress(parsing: text) else {
            throw ConfigurationError(key: key, problem: "must be IPv4-address:port, such as 127.0.0.1:8080")
        }
        return address
    }

    private static func proxies(_ list: [String], key: String) throws(ConfigurationError) -> [CIDR] {
        var result: [CIDR] = []
        for entry in list {
            guard let range = CIDR(entry) else {
                throw ConfigurationError(key: key, problem: "'\(entry)' is not an address or CIDR range")
            }
            result.append(range)
        }
        return result
    }
}
