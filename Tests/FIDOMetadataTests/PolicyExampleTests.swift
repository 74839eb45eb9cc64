import FIDOMetadata
import Foundation
import GatehouseTestSupport
import JOSE
import Testing

@Suite("Metadata/trust-policy.example.json")
struct PolicyExampleTests {
    func realms() throws -> [String: JSONValue] {
        let data = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/Metadata/trust-policy.example.json"))
        return try JSONValue(parsing: Array(data))["realms"]?.objectValue ?? [:]
    }

    @Test("every example realm parses; default equals MetadataPolicy(); platform requires trusted models")
    func parses() throws {
        let realms = try realms()
        #expect(realms.count == 4)
        for (_, json) in realms { _ = try MetadataPolicy(json: json) }
        #expect(try MetadataPolicy(json: realms["default"]!) == MetadataPolicy())
        let platform = try MetadataPolicy(json: realms["platform"]!)
        #expect(platform.requireTrustedModel && platform.minimumCertificationLevel == .l1)
        #expect(try MetadataPolicy(json: realms["hardware-keys-only"]!).refusingStatuses.contains(.updateAvailable))
    }

    @Test("unknown members and bad levels are refused")
    func refusesTypos() {
        #expect(throws: MetadataError(.malformedPayload, "")) {
            try MetadataPolicy(json: .object(["requireTrustedModle": .bool(true)]))
        }
        #expect(throws: MetadataError(.malformedPayload, "")) {
            try MetadataPolicy(json: .object(["minimumCertificationLevel": .string("L9")]))
        }
    }
}
