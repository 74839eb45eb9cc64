import FIDOMetadata
import Foundation
import JOSE
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
    /// MDS3 trust policies from `trustPolicyFile`: `default` for every realm, others by realm id.
    public var trustPolicies: [String: MetadataPolicy] = [:]

    /// No settings.
    public init() {}

    /// The plugin configuration for a server whose public base URL is `publicURL`.
    func configuration(publicURL: String) throws -> WebAuthnFactor.Configuration {
        var configuration = try WebAuthnFactor.Configuration(publicURL: publicURL)
        defaults.apply(to: &configuration.defaults)
        if let shared = trustPolicies["default"] { configuration.metadataPolicy = shared }
        for realm in Set(realms.keys).union(trustPolicies.keys) where realm != "default" {
            var settings = configuration.defaults
            realms[realm]?.apply(to: &settings)
            settings.trustPolicy = trustPolicies[realm]
            configuration.realms[realm] = settings
        }
        return configuration
    }

    /// Reads a trust-policy file (see Metadata/trust-policy.example.json): `realms.{id|default}` policies.
    static func trustPolicies(file: String, key: String) throws(ConfigurationError) -> [String: MetadataPolicy] {
        guard let data = FileManager.default.contents(atPath: file), let json = try? JSONValue(parsing: Array(data)),
              let realms = json["realms"]?.objectValue else {
            throw ConfigurationError(key: key, problem: "\(file) is not a JSON object with a 'realms' object")
        }
        var policies: [String: MetadataPolicy] = [:]
        for (realm, value) in realms {
            do {
                policies[realm] = try MetadataPolicy(json: value)
            } catch {
                throw ConfigurationError(key: key, problem: "realm '\(realm)': \(error)")
            }
        }
        return policies
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
