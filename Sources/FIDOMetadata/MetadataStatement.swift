import Cryptography
import Foundation
import JOSE

/// The parts of an MDS3 `metadataStatement` Gatehouse reads; everything else stays in `json`.
public struct MetadataStatement: Sendable {
    /// The human-readable model name.
    public var description: String
    /// The firmware version the statement describes.
    public var authenticatorVersion: Int?
    /// `fido2`, `u2f` or `uaf`.
    public var protocolFamily: String?
    /// The statement schema version.
    public var schema: Int?
    /// `basic_full`, `basic_surrogate`, `attca`, `anonca`, `none`, …
    public var attestationTypes: [String]
    /// The attestation trust anchors, DER (decoded from the statement's base64).
    public var attestationRootCertificates: [[UInt8]]
    /// The whole statement as parsed.
    public var json: JSONValue

    /// A statement built directly (tests, synthetic data).
    public init(description: String, authenticatorVersion: Int? = nil, protocolFamily: String? = "fido2",
                attestationTypes: [String] = ["basic_full"], attestationRootCertificates: [[UInt8]] = []) {
        self.description = description
        self.authenticatorVersion = authenticatorVersion
        self.protocolFamily = protocolFamily
        self.schema = 3
        self.attestationTypes = attestationTypes
        self.attestationRootCertificates = attestationRootCertificates
        self.json = .object(["description": .string(description)])
    }

    /// Reads a statement from the BLOB payload.
    init(json: JSONValue, path: String) throws {
        let reader = try JSONReader(json, path: path)
        description = try reader.string("description")
        authenticatorVersion = try reader.optionalInteger("authenticatorVersion")
        protocolFamily = try reader.optionalString("protocolFamily")
        schema = try reader.optionalInteger("schema")
        attestationTypes = try reader.strings("attestationTypes")
        attestationRootCertificates = try reader.strings("attestationRootCertificates").map { encoded in
            guard let der = JSONReader.base64(encoded) else {
                throw reader.wrongType("attestationRootCertificates", "base64 DER certificates")
            }
            return der
        }
        self.json = json
    }

    /// The attestation trust anchors, parsed.
    public func rootCertificates() throws -> [Certificate] {
        try attestationRootCertificates.map { der in
            do {
                return try Certificate(derRepresentation: der)
            } catch {
                throw MetadataError(.malformedPayload, "an attestation root of \"\(description)\" does not parse")
            }
        }
    }
}
