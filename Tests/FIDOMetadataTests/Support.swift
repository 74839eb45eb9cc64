import Cryptography
import FIDOMetadata
import Foundation
import GatehouseTestSupport
import JOSE
import Testing

/// Vector files: small ones beside the tests, the BLOBs in `../shared/vectors/mds3` (never copied into the repo).
enum Vectors {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors").path
    static let shared = repositoryRoot + "/../shared/vectors/mds3"
    static let production95 = shared + "/production-2024-09-no95/blob.jwt"
    static let production9 = shared + "/production-2021-11-no9/blob.jwt"
    static let fakeWebAuthn4j = shared + "/fake-conformance/blob-webauthn4j-no42-2022-11-09/blob.jwt"
    static let fakeSimpleWebAuthn = shared + "/fake-conformance/blob-simplewebauthn-no42-2023-11-08/blob.jwt"
    static let sharedPresent = FileManager.default.fileExists(atPath: production95)
    static let skipReason: Comment = "needs ../shared/vectors/mds3 beside the clone (the BLOBs are not copied into the repo)"

    static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
    }

    static func blob(_ path: String) throws -> [UInt8] { try MetadataLoader.read(file: path) }

    static func globalSignTrust() throws -> MetadataTrust { try MetadataTrust.globalSignR3(pem: text("globalsign-root-ca-r3.pem")) }

    static func globalSignCRLs() throws -> [CRL] {
        [try CRL(derRepresentation: bytes("root-r3.crl")), try CRL(derRepresentation: bytes("gsextendvalsha2g3r3.crl"))]
    }

    static func fakeRoot() throws -> Certificate { try Certificate(pem: text("fake-root-fake.pem")) }

    /// The production no=95 BLOB verified once at its fixed time (debug builds parse 3.9 MB slowly).
    static let verified95: Result<MetadataBLOB, any Error> = Result {
        try MetadataBLOB.verify(jws: blob(production95), trust: globalSignTrust(), at: date("2024-09-03T00:00:00Z"),
                                crls: globalSignCRLs())
    }
}

/// An ISO 8601 instant (`2024-09-03T00:00:00Z`).
func date(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.date(from: text)!
}

/// A compact JWS split into its three parts, for building tampered variants.
struct CompactParts {
    var header: [UInt8]
    var payloadPart: Substring
    var signaturePart: Substring

    init(_ bytes: [UInt8]) throws {
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw MetadataError(.malformedBLOB, "test: not three parts") }
        header = try Base64URL.decode(parts[0])
        payloadPart = parts[1]
        signaturePart = parts[2]
    }

    /// The header as a mutable JSON object (JSONSerialization: independent of the JOSE parser).
    var headerObject: [String: Any] {
        get { (try? JSONSerialization.jsonObject(with: Data(header))) as? [String: Any] ?? [:] }
        set { header = Array(try! JSONSerialization.data(withJSONObject: newValue)) }
    }

    var compact: String { Base64URL.encode(header) + "." + payloadPart + "." + signaturePart }
}
