import Cryptography
import FIDOMetadata
import Foundation
import Testing

@Suite("Pinned GlobalSign R3 root")
struct TrustTests {
    @Test("the vector's GlobalSign R3 PEM has the pinned SHA-256 fingerprint")
    func vectorRootMatchesPin() throws {
        let root = try Certificate(pem: Vectors.text("globalsign-root-ca-r3.pem"))
        #expect(Hex.encode(root.sha256Fingerprint) == MetadataTrust.globalSignR3SHA256)
        let trust = try Vectors.globalSignTrust()
        #expect(trust.roots.count == 1 && trust.requiresCRLs)
    }

    @Test("another certificate offered as GlobalSign R3 is refused by the pin")
    func otherRootRefusedByPin() throws {
        #expect(throws: MetadataError(.rootMismatch, "")) {
            try MetadataTrust.globalSignR3(pem: Vectors.text("fake-root-fake.pem"))
        }
        #expect(throws: MetadataError(.rootMismatch, "")) { try MetadataTrust.globalSignR3(pem: "not a PEM") }
    }

    @Test("the system trust store's GlobalSign R3 matches the pin",
          .enabled(if: FileManager.default.fileExists(atPath: MetadataTrust.systemGlobalSignR3Path),
                   "this machine's trust store has no GlobalSign_Root_CA_-_R3.pem (install ca-certificates)"))
    func systemStoreRoot() throws {
        let trust = try MetadataTrust.systemGlobalSignR3()
        #expect(Hex.encode(trust.roots[0].sha256Fingerprint) == MetadataTrust.globalSignR3SHA256)
    }

    @Test("a missing trust-store file is an I/O error, not an empty trust")
    func missingSystemFile() {
        #expect(throws: MetadataError(.io, "")) { try MetadataTrust.systemGlobalSignR3(path: "/nonexistent/r3.pem") }
    }

    @Test("the Insecure option keeps the roots and only drops the CRL requirement")
    func insecureOption() throws {
        let trust = MetadataTrust.Insecure.withoutCRLChecks(MetadataTrust.explicitRoots([try Vectors.fakeRoot()]))
        #expect(!trust.requiresCRLs && trust.roots.count == 1)
        #expect(MetadataTrust.explicitRoots([try Vectors.fakeRoot()]).requiresCRLs)
    }
}
