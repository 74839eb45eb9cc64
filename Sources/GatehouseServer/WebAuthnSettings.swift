import Foundation
import WebAuthnFactor

/// The `webauthn` section of the configuration: defaults and per-realm settings, applied on top of
/// what the public URL implies (RP ID = its host, origin = its origin).
public struct WebAuthnSettings: Sendable, Equatable {
    /// One set of settings; nil fields keep the value below them.
    public struct Values: Sendable, Equatable {
        public var rpID: String?
        public var origins: [String]?
        public var counterPolicy: WebAuthnFactor.CounterPolicy?
        public var requireTrustedModel: Bool?
        public var acceptNoneAttestation: Bool?
        public var requireUserVerification: Bool?

        /// No settings.
        public init() {}

        func apply(to settings: inout WebAuthnFactor.RealmSettings) {
            if let rpID { settings.rpID = rpID }
            if let origins { settings.origins = Set(origins) }
            if let counterPolicy { settings.counterPolicy = counterPolicy }
            if let requireTrustedModel { settings.requireTrustedModel = requireTrustedModel }
            if let acceptNoneAttestation { settings.acceptNoneAttestation = acceptNoneAttestation }
            if let requireUserVerification { settings.requireUserVerification = requireUserVerification }
        }
    }

    /// Settings for every realm.
    public var defaults = Values()
    /// Settings per realm id, over the defaults.
    public var realms: [String: Values] = [:]

    /// No settings.
    public init() {}

    /// The plugin configuration for a server whose public base URL is `publicURL`.
    func configuration(publicURL: String) throws -> WebAuthnFactor.Configuration {
        var configuration = try WebAuthnFactor.Configuration(publicURL: publicURL)
        defaults.apply(to: &configuration.defaults)
        for (realm, values) in realms {
            var settings = configuration.defaults
            values.apply(to: &settings)
            configuration.realms[realm] = settings
        }
        return configuration
    }

    /// Reads one object of settings.
    static func values(_ object: ConfigObject) throws(ConfigurationError) -> Values {
        var values = Values()
        values.rpID = try object.string("rpID")
        values.origins = try object.strings("origins")
        if let text = try object.string("counterPolicy") {
            guard let policy = WebAuthnFactor.CounterPolicy(rawValue: text) else {
                throw ConfigurationError(key: object.key("counterPolicy"), problem: "must be refuse, flag or step-down")
            }
            values.counterPolicy = policy
        }
        values.requireTrustedModel = try object.bool("requireTrustedModel")
        values.acceptNoneAttestation = try object.bool("acceptNoneAttestation")
        values.requireUserVerification = try object.bool("requireUserVerification")
        return values
    }
}
