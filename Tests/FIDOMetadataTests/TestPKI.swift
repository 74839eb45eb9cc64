import Cryptography
import FIDOMetadata
import Foundation
import GatehouseTestSupport
import JOSE

/// A throw-away MDS signing PKI made by `Vectors/make-test-pki.sh` (openssl CLI), and BLOBs signed with it.
struct TestPKI {
    let directory: String

    /// Runs the script in a fresh temporary directory.
    static func make() throws -> TestPKI {
        let directory = TemporaryDirectory("gatehouse-mds-pki").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [Vectors.directory + "/make-test-pki.sh"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw MetadataError(.io, "make-test-pki.sh failed") }
        return TestPKI(directory: directory)
    }

    /// Two independent PKIs with the same names (for CRLs signed by the wrong key).
    static let shared: Result<(TestPKI, TestPKI), any Error> = Result { (try make(), try make()) }

    static let opensslAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")

    func certificate(_ name: String) throws -> Certificate {
        try Certificate(pem: String(decoding: try Data(contentsOf: url(name + ".pem")), as: UTF8.self))
    }

    func crl(_ name: String) throws -> CRL { try CRL(derRepresentation: Data(contentsOf: url(name + ".crl"))) }

    func key(_ name: String) throws -> SigningKey {
        try SigningKey(pkcs8DER: SecretBytes(Data(contentsOf: url(name + ".p8"))))
    }

    var trust: MetadataTrust { get throws { .explicitRoots([try certificate("root")]) } }
    var crls: [CRL] { get throws { [try crl("root"), try crl("intermediate")] } }

    /// A compact ES256 JWS with `x5c` = the named certificates, signed by `signer`'s key.
    func blob(payload: String, x5c: [String] = ["leaf", "intermediate"], signer: String = "leaf") throws -> String {
        let chain = try x5c.map { JSONValue.string(Data(try certificate($0).derRepresentation).base64EncodedString()) }
        let header = JSONValue.object(["alg": .string("ES256"), "typ": .string("JWT"), "x5c": .array(chain)])
        let input = Base64URL.encode(Array(header.jsonText.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        let signature = try key(signer).signature(for: Array(input.utf8))
        return input + "." + Base64URL.encode(signature)
    }

    private func url(_ name: String) -> URL { URL(fileURLWithPath: directory + "/" + name) }
}

/// A BLOB payload as JSON text, from simple entry descriptions.
func payloadJSON(no: Int, nextUpdate: String = "2099-01-01", entries: [String]) -> String {
    "{\"legalHeader\":\"Test BLOB, not for production\",\"no\":\(no),\"nextUpdate\":\"\(nextUpdate)\",\"entries\":[" +
        entries.joined(separator: ",") + "]}"
}

/// One entry's JSON: `id` is an AAGUID string or a 40-hex key identifier; statuses as (status, date) pairs.
func entryJSON(_ id: String, _ statuses: [(String, String)]) -> String {
    let key = id.count == 36 ? "\"aaguid\":\"\(id)\"" : "\"attestationCertificateKeyIdentifiers\":[\"\(id)\"]"
    let reports = statuses.map { "{\"status\":\"\($0.0)\",\"effectiveDate\":\"\($0.1)\"}" }.joined(separator: ",")
    return "{\(key),\"metadataStatement\":{\"description\":\"Test \(id.prefix(8))\",\"attestationTypes\":[\"basic_full\"]," +
        "\"attestationRootCertificates\":[]},\"statusReports\":[\(reports)],\"timeOfLastStatusChange\":\"2024-01-01\"}"
}
