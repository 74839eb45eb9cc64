import Foundation
import GatehouseTestSupport
@testable import GatehouseServer
import Testing

@Suite("Configuration: file, environment, validation")
struct ConfigurationTests {
    func load(_ json: String? = nil, _ environment: [String: String] = [:]) throws(ConfigurationError) -> GatehouseConfiguration {
        guard let json else { return try GatehouseConfiguration.load(file: nil, environment: environment) }
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.path + "/gatehouse.json"
        #expect(FileManager.default.createFile(atPath: file, contents: Data(json.utf8)))
        return try GatehouseConfiguration.load(file: file, environment: environment)
    }

    @Test func defaults() throws {
        let configuration = try load()
        #expect(configuration.listen == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(configuration.dataDirectory == "./data")
        #expect(configuration.databaseURL == nil)
        #expect(configuration.effectivePublicURL == "http://127.0.0.1:8080")
        #expect(configuration.http.rateLimitPerMinute == 1000)
    }

    @Test func environmentOverridesTheFile() throws {
        let configuration = try load(#"{"listen":"127.0.0.1:9000","dataDir":"/srv/a","rateLimit":{"requestsPerMinute":50}}"#,
                                     ["GATEHOUSE_LISTEN": "0.0.0.0:9100", "GATEHOUSE_PUBLIC_URL": "https://id.example.com/",
                                      "GATEHOUSE_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.1"])
        #expect(configuration.listen == ListenAddress(host: "0.0.0.0", port: 9100))
        #expect(configuration.http.port == 9100)
        #expect(configuration.dataDirectory == "/srv/a")
        #expect(configuration.http.rateLimitPerMinute == 50)
        #expect(configuration.effectivePublicURL == "https://id.example.com")
        #expect(configuration.http.trustedProxies.map(\.description) == ["10.0.0.0/8", "192.0.2.1/32"])
    }

    @Test(arguments: [
        (nil, ["GATEHOUSE_LISTEN": "localhost"], "GATEHOUSE_LISTEN"),
        (nil, ["GATEHOUSE_LISTEN": "999.1.1.1:80"], "GATEHOUSE_LISTEN"),
        (nil, ["GATEHOUSE_PUBLIC_URL": "ftp://x"], "publicURL / GATEHOUSE_PUBLIC_URL"),
        (nil, ["GATEHOUSE_PUBLIC_URL": "https://id.example.com/?a=b"], "publicURL / GATEHOUSE_PUBLIC_URL"),
        (nil, ["GATEHOUSE_RATE_LIMIT_PER_MINUTE": "-3"], "GATEHOUSE_RATE_LIMIT_PER_MINUTE"),
        (nil, ["GATEHOUSE_TRUSTED_PROXIES": "10.0.0.0/99"], "GATEHOUSE_TRUSTED_PROXIES"),
        (#"{"http":{"workerThreads":0}}"#, [:], "http.workerThreads"),
        (#"{"http":{"workerThreds":4}}"#, [:], "http.workerThreds"),
        (#"{"listen":8080}"#, [:], "listen"),
        (#"{"rateLimit":{"trustedProxies":"10.0.0.0/8"}}"#, [:], "rateLimit.trustedProxies"),
        (#"[1,2]"#, [:], "--config"),
    ] as [(String?, [String: String], String)])
    func badValuesNameTheirKey(json: String?, environment: [String: String], key: String) {
        #expect(throws: ConfigurationError.self) { try load(json, environment) }
        do {
            _ = try load(json, environment)
        } catch {
            #expect(error.key == key)
        }
    }

    @Test func perRealmOverridesApplyOnTopOfTheSharedPolicy() throws {
        let configuration = try load(#"{"tokens":{"accessTokenSeconds":120},"stepUp":{"maxAgeSeconds":{"factors.delete":60}},"realms":{"acme":{"signingAlgorithm":"EdDSA","stepUpFactors":["totp"]}}}"#)
        let acme = configuration.policy(for: "acme"), other = configuration.policy(for: "globex")
        #expect(acme.signingAlgorithm == "EdDSA" && other.signingAlgorithm == "ES256")
        #expect(acme.stepUpFactors == ["totp"] && other.stepUpFactors == nil)
        #expect(acme.accessTokenSeconds == 120 && acme.maxMFAAge(for: "factors.delete") == 60)
        #expect(throws: ConfigurationError.self) { try load(#"{"realms":{"acme":{"signingAlgorithm":"RS256"}}}"#) }
        #expect(throws: ConfigurationError.self) { try load(#"{"realms":{"Bad Id":{}}}"#) }
        #expect(throws: ConfigurationError.self) { try load(#"{"stepUp":{"maxAgeSeconds":{"factors.delet":60}}}"#) }
        // Passwordless sign-in: off by default, on for every realm, or on for one realm and off for another.
        #expect(!configuration.policy(for: "acme").passwordless)
        let everywhere = try load(#"{"login":{"passwordless":true},"realms":{"platform":{"passwordless":false}}}"#)
        #expect(everywhere.policy(for: "acme").passwordless && !everywhere.policy(for: "platform").passwordless)
        #expect(throws: ConfigurationError.self) { try load(#"{"login":{"passwordless":"yes"}}"#) }
    }

    @Test func introspectionClientsNeedAnIDAndASecretsSHA256() throws {
        let hash = String(repeating: "Ab", count: 32)
        let configuration = try load(#"{"oauth":{"introspectionClients":{"tenant-router":"\#(hash)"}}}"#)
        #expect(configuration.introspectionClients == ["tenant-router": hash.lowercased()])
        for bad in [#"{"oauth":{"introspectionClients":{"tenant router":"\#(hash)"}}}"#,
                    #"{"oauth":{"introspectionClients":{"rs":"not-a-hash"}}}"#,
                    #"{"oauth":{"introspectionClients":{"rs":"\#(hash)0"}}}"#,
                    #"{"oauth":{"introspectionClient":{}}}"#] {
            do {
                _ = try load(bad)
                Issue.record("accepted \(bad)")
            } catch {
                #expect(error.key.hasPrefix("oauth."), "\(error.key)")
                #expect(!error.description.contains("not-a-hash"), "the value is never repeated")
            }
        }
    }

    @Test func webauthnSettingsAndTheExampleTrustPolicy() throws {
        let example = repositoryRoot + "/Metadata/trust-policy.example.json"
        let configuration = try load(#"{"webauthn":{"counterPolicy":"flag","trustPolicyFile":"\#(example)","realms":{"acme":{"counterPolicy":"step-down"}}}}"#,
                                     ["GATEHOUSE_PUBLIC_URL": "https://id.example.com"])
        let plugin = try configuration.webauthn.configuration(publicURL: configuration.effectivePublicURL)
        #expect(plugin.defaults.rpID == "id.example.com" && plugin.defaults.origins == ["https://id.example.com"])
        #expect(plugin.defaults.counterPolicy == .flag)
        #expect(plugin.settings(for: "acme").counterPolicy == .stepDown)
        #expect(plugin.settings(for: "platform").trustPolicy?.requireTrustedModel == true)
        #expect(plugin.settings(for: "globex").trustPolicy == nil)
        #expect(throws: ConfigurationError.self) { try load(#"{"webauthn":{"counterPolicy":"ignore"}}"#) }
    }

    @Test func aBadDatabaseURLIsNeverRepeated() {
        let secret = "mysql://admin:s3cr3t-pw@db.internal/x"
        do {
            _ = try load(nil, ["GATEHOUSE_DATABASE_URL": secret])
            Issue.record("a non-PostgreSQL URL must be refused")
        } catch {
            #expect(error.key == "databaseURL / GATEHOUSE_DATABASE_URL")
            #expect(!error.description.contains("s3cr3t"))
        }
        let good = try? load(nil, ["GATEHOUSE_DATABASE_URL": "postgresql://u:s3cr3t-pw@db/x"])
        #expect(good?.databaseURL.map { "\($0)" } == "<redacted>")
    }
}
