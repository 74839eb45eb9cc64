import Cryptography
@testable import FIDOMetadata
import Foundation
import Testing

@Suite("Production MDS3 BLOB no=95 (GlobalSign R3, both CRLs)", .enabled(if: Vectors.sharedPresent, Vectors.skipReason))
struct ProductionBLOBTests {
    @Test("verifies at 2024-09-03T00:00:00Z against the pinned GlobalSign R3 root with both CRLs")
    func verifiesAtFixedTime() throws {
        let blob = try Vectors.verified95.get()
        #expect(blob.number == 95)
        #expect(blob.nextUpdate == date("2024-10-01T00:00:00Z"))
        #expect(blob.entries.count == 253)
        #expect(blob.legalHeader?.hasPrefix("Retrieval and use of this BLOB indicates acceptance") == true)
        #expect(!blob.isStale)
        #expect(blob.chain.count == 3)
        #expect(Hex.encode(blob.chain.last!.sha256Fingerprint) == MetadataTrust.globalSignR3SHA256)
        #expect(blob.chain.first!.subject.contains("CN=mds.fidoalliance.org"))
        #expect(blob.state.number == 95 && blob.state.sha256 == "873db3edefc7c96ecac4726d9ec261e644c945bb07b4b0da01fe6a09840af131")
    }

    @Test("fails once the EV CA CRL has expired (2024-09-07T03:50:53Z)")
    func crlExpired() throws {
        let error = try verifyError(at: "2024-09-07T03:50:53Z")
        #expect(error.code == .untrustedChain)
        #expect(error.reason.contains("CRL has expired"))
    }

    @Test("fails before the EV CA CRL is valid (2024-08-31T03:50:53Z)")
    func crlNotYetValid() throws {
        let error = try verifyError(at: "2024-08-31T03:50:53Z")
        #expect(error.code == .untrustedChain)
        #expect(error.reason.contains("CRL is not yet valid"))
    }

    @Test("fails closed without CRLs, or with only one of the two, when CRLs are required")
    func missingCRLs() throws {
        #expect(try verifyError(crls: []).code == .untrustedChain)
        let crls = try Vectors.globalSignCRLs()
        #expect(try verifyError(crls: [crls[0]]).reason.contains("unable to get certificate CRL"))
        #expect(try verifyError(crls: [crls[1]]).code == .untrustedChain)
    }

    @Test("a tampered payload byte fails the signature")
    func tamperedPayload() throws {
        var parts = try CompactParts(Vectors.blob(Vectors.production95))
        var payload = Array(parts.payloadPart.utf8)
        let middle = payload.count / 2
        payload[middle] = payload[middle] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        parts.payloadPart = Substring(String(decoding: payload, as: UTF8.self))
        #expect(try verifyError(jws: parts.compact).code == .invalidSignature)
    }

    @Test("x5c in swapped order is refused (the signature is checked with x5c[0] only)")
    func swappedX5C() throws {
        var parts = try CompactParts(Vectors.blob(Vectors.production95))
        var header = parts.headerObject
        header["x5c"] = (header["x5c"] as! [String]).reversed() as [String]
        parts.headerObject = header
        let error = try verifyError(jws: parts.compact)
        #expect(error.code == .invalidSignature)
    }

    @Test("a root inside x5c is refused, even the pinned one")
    func rootInsideX5C() throws {
        var parts = try CompactParts(Vectors.blob(Vectors.production95))
        var header = parts.headerObject
        let root = try Certificate(pem: Vectors.text("globalsign-root-ca-r3.pem"))
        header["x5c"] = (header["x5c"] as! [String]) + [Data(root.derRepresentation).base64EncodedString()]
        parts.headerObject = header
        let error = try verifyError(jws: parts.compact)
        #expect(error.code == .untrustedChain)
        #expect(error.reason.contains("is a root"))
    }

    @Test("x5u and a missing x5c are refused")
    func keyLocationHeaders() throws {
        var parts = try CompactParts(Vectors.blob(Vectors.production95))
        var header = parts.headerObject
        header["x5u"] = "https://mds3.fidoalliance.org/"
        parts.headerObject = header
        #expect(try verifyError(jws: parts.compact).code == .unsupportedHeader)
        header["x5u"] = nil
        header["x5c"] = nil
        parts.headerObject = header
        #expect(try verifyError(jws: parts.compact).code == .malformedBLOB)
    }

    @Test("another root is refused: the FAKE conformance root, explicitly configured")
    func wrongRoot() throws {
        let trust = MetadataTrust.explicitRoots([try Vectors.fakeRoot()])
        let error = try verifyError(trust: trust)
        #expect(error.code == .untrustedChain)
    }

    @Test("the size cap refuses a BLOB above it")
    func sizeCap() throws {
        let error = try verifyError(policy: BLOBPolicy(maximumSize: 1 << 20))
        #expect(error.code == .tooLarge)
    }

    private func verifyError(jws: String? = nil, trust: MetadataTrust? = nil, at time: String = "2024-09-03T00:00:00Z",
                             crls: [CRL]? = nil, policy: BLOBPolicy = BLOBPolicy()) throws -> MetadataError {
        let bytes = try jws.map { Array($0.utf8) } ?? Vectors.blob(Vectors.production95)
        do {
            _ = try MetadataBLOB.verify(jws: bytes, trust: trust ?? Vectors.globalSignTrust(), at: date(time),
                                        crls: crls ?? Vectors.globalSignCRLs(), policy: policy)
        } catch let error as MetadataError {
            return error
        }
        Issue.record("the BLOB verified but should not have")
        return MetadataError(.io, "verified")
    }
}
