import FIDOMetadata
import Foundation

extension WebAuthnFactor {
    /// What happens when a signature counter does not increase (a possible cloned authenticator).
    public enum CounterPolicy: String, Sendable, CaseIterable {
        /// Refuse the assertion and flag the credential (default).
        case refuse
        /// Accept, flag the credential, record the event.
        case flag
        /// Refuse and take the credential out of use: another factor is needed from now on.
        case stepDown = "step-down"
    }

    /// One realm's WebAuthn settings.
    public struct RealmSettings: Sendable, Equatable {
        /// The RP ID (default: the host of the public URL).
        public var rpID: String
        /// Origins accepted in clientDataJSON, exact (default: the public URL's origin).
        public var origins: Set<String>
        /// Whether `crossOrigin: true` (iframes) is accepted, and from which top-level origins.
        public var allowsCrossOrigin = false
        public var topOrigins: Set<String> = []
        /// Whether user verification is required (UV flag).
        public var requireUserVerification = false
        /// Whether only models MDS3 vouches for are accepted (recommended for `platform`).
        public var requireTrustedModel = false
        /// Whether `none` attestation (synced passkeys) is accepted; such credentials yield `swk`.
        public var acceptNoneAttestation = true
        /// The counter rule's consequence.
        public var counterPolicy = CounterPolicy.refuse
        /// This realm's MDS3 trust policy (nil: the configuration's shared one).
        public var trustPolicy: MetadataPolicy?

        /// Settings for an RP ID and its origins.
        public init(rpID: String, origins: Set<String>) {
            self.rpID = rpID
            self.origins = origins
        }
    }

    /// The plugin's configuration: defaults from the public URL, per-realm overrides, trust policy.
    public struct Configuration: Sendable {
        /// The relying party's display name.
        public var rpName = "Gatehouse"
        /// Settings every realm starts from.
        public var defaults: RealmSettings
        /// Per-realm settings, replacing the defaults for that realm.
        public var realms: [String: RealmSettings] = [:]
        /// MDS3 trust policy (refusing statuses, certification level, allow/deny lists).
        public var metadataPolicy = MetadataPolicy()

        /// A configuration whose RP ID and origin come from the public base URL (`https://id.example.com`).
        public init(publicURL: String) throws {
            guard let url = URLComponents(string: publicURL), let scheme = url.scheme, let host = url.host, !host.isEmpty else {
                throw WebAuthnFactorError("the public URL has no host")
            }
            // An RP ID must be a domain: a loopback address (the `make run` default) becomes `localhost`,
            // the name browsers treat as a secure context.
            let rpHost = ["127.0.0.1", "::1", "[::1]"].contains(host) ? "localhost" : host
            let defaultPort = (scheme == "https" && url.port == 443) || (scheme == "http" && url.port == 80)
            let origin = "\(scheme)://\(rpHost)" + (url.port.map { defaultPort ? "" : ":\($0)" } ?? "")
            defaults = RealmSettings(rpID: rpHost, origins: [origin])
        }

        /// The settings of one realm.
        public func settings(for realm: String) -> RealmSettings {
            realms[realm] ?? defaults
        }
    }
}

/// A configuration problem of the WebAuthn plugin.
public struct WebAuthnFactorError: Error, CustomStringConvertible, Sendable {
    /// What is wrong.
    public let description: String
    init(_ description: String) { self.description = description }
}
