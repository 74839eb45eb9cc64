extension TOTPFactor {
    /// What an operator sets for TOTP: the issuer label, code parameters (per realm if needed), enrolment lifetime.
    public struct Configuration: Sendable, Equatable {
        /// The issuer shown in authenticator apps; the realm id is appended in parentheses.
        public var issuer = "Gatehouse"
        /// The HMAC algorithm of new enrolments (SHA-1 by default, as every app supports it).
        public var algorithm = TOTPAlgorithm.sha1
        /// Digits of new enrolments (6 or 8).
        public var digits = 6
        /// Per-realm overrides of algorithm and digits, by realm id.
        public var realms: [String: RealmSettings] = [:]
        /// Seconds a begun enrolment may be finished in (the login flow's own lifetime still applies).
        public var enrollmentLifetimeSeconds: Int64 = 300

        /// Algorithm and digits for one realm.
        public struct RealmSettings: Sendable, Equatable {
            /// The HMAC algorithm.
            public var algorithm: TOTPAlgorithm
            /// 6 or 8.
            public var digits: Int

            /// Settings.
            public init(algorithm: TOTPAlgorithm = .sha1, digits: Int = 6) {
                self.algorithm = algorithm
                self.digits = digits
            }
        }

        /// The defaults.
        public init() {}

        /// The code parameters new enrolments in `realm` get (the period is always 30 s).
        public func parameters(realm: String) throws -> OneTimePassword {
            let settings = realms[realm] ?? RealmSettings(algorithm: algorithm, digits: digits)
            return try OneTimePassword(algorithm: settings.algorithm, digits: settings.digits, period: TOTPFactor.period)
        }

        /// Throws for values that cannot be used.
        func validate() throws {
            _ = try parameters(realm: "")
            for realm in realms.keys { _ = try parameters(realm: realm) }
            guard (30...3600).contains(enrollmentLifetimeSeconds) else {
                throw TOTPError(.invalidConfiguration, "the TOTP enrolment lifetime must be 30 to 3600 seconds")
            }
            guard !issuer.isEmpty, !issuer.contains(":") else {
                throw TOTPError(.invalidConfiguration, "the TOTP issuer must be non-empty and contain no ':'")
            }
        }
    }
}
