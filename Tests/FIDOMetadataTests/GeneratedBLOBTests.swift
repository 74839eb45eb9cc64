import Cryptography
import FIDOMetadata
import Foundation
import Testing

@Suite("BLOBs signed by a test PKI made with the openssl CLI",
       .enabled(if: TestPKI.opensslAvailable, "needs /usr/bin/openssl to build the test PKI"))
struct GeneratedBLOBTests {
    static let model = "aaaaaaaa-0000-4000-8000-000000000001"
    let payload = payloadJSON(no: 7, entries: [entryJSON(model, [("FIDO_CERTIFIED_L1", "2024-01-01")])])

    @Test("a BLOB signed by the test leaf verifies to the test root with both CRLs (required)")
    func verifies() throws {
        let (pki, _) = try TestPKI.shared.get()
        let blob = try MetadataBLOB.verify(jws: pki.blob(payload: payload), trust: pki.trust, at: Date(), crls: pki.crls)
        #expect(blob.number == 7 && blob.entries.count == 1)
        #expect(blob.legalHeader == "Test BLOB, not for production")
        #expect(blob.index.entry(aaguid: AAGUID(Self.model)!)?.statement?.description == "Test aaaaaaaa")
    }

    @Test("a signature by the intermediate's key, with the leaf first in x5c, is refused")
    func signedByNonLeaf() throws {
        let (pki, _) = try TestPKI.shared.get()
        let jws = try pki.blob(payload: payload, signer: "intermediate")
        #expect(throws: MetadataError(.invalidSignature, "")) {
            try MetadataBLOB.verify(jws: jws, trust: pki.trust, at: Date(), crls: pki.crls)
        }
    }

    @Test("a revoked signer is refused")
    func revokedSigner() throws {
        let (pki, _) = try TestPKI.shared.get()
        let jws = try pki.blob(payload: payload, x5c: ["revoked-leaf", "intermediate"], signer: "revoked-leaf")
        let error = #expect(throws: MetadataError.self) {
            try MetadataBLOB.verify(jws: jws, trust: pki.trust, at: Date(), crls: pki.crls)
        }
        #expect(error?.code == .untrustedChain)
        #expect(error?.reason.contains("revoked") == true)
    }

    @Test("a CRL with the right issuer name but signed by another key does not count")
    func forgedCRL() throws {
        let (pki, other) = try TestPKI.shared.get()
        let jws = try pki.blob(payload: payload, x5c: ["revoked-leaf", "intermediate"], signer: "revoked-leaf")
        // The other PKI's intermediate CRL names the same issuer but revokes nothing here and is signed by a different key.
        #expect(throws: MetadataError(.untrustedChain, "")) {
            try MetadataBLOB.verify(jws: jws, trust: pki.trust, at: Date(), crls: [pki.crl("root"), other.crl("intermediate")])
        }
        #expect(throws: MetadataError(.untrustedChain, "")) {
            try MetadataBLOB.verify(jws: pki.blob(payload: payload), trust: pki.trust, at: Date(),
                                    crls: [pki.crl("root"), other.crl("intermediate")])
        }
    }

    @Test("a chain to another PKI's root is refused")
    func otherRoot() throws {
        let (pki, other) = try TestPKI.shared.get()
        #expect(throws: MetadataError(.untrustedChain, "")) {
            try MetadataBLOB.verify(jws: pki.blob(payload: payload), trust: other.trust, at: Date(), crls: other.crls)
        }
    }

    @Test("malformed payloads are refused after the signature checks", arguments: [
        "{\"no\":1,\"entries\":[]}",
        "{\"no\":-1,\"nextUpdate\":\"2099-01-01\",\"entries\":[]}",
        "{\"no\":1.5,\"nextUpdate\":\"2099-01-01\",\"entries\":[]}",
        "{\"no\":1,\"nextUpdate\":\"2099-02-30\",\"entries\":[]}",
        "{\"no\":1,\"nextUpdate\":\"2099-01-01\"}",
        "{\"no\":1,\"nextUpdate\":\"2099-01-01\",\"entries\":[{\"aaguid\":\"nope\",\"statusReports\":[]}]}",
        "{\"no\":1,\"nextUpdate\":\"2099-01-01\",\"entries\":[{\"statusReports\":[]}]}",
        "[1,2,3]",
    ])
    func malformedPayload(payload: String) throws {
        let (pki, _) = try TestPKI.shared.get()
        #expect(throws: MetadataError(.malformedPayload, "")) {
            try MetadataBLOB.verify(jws: pki.blob(payload: payload), trust: pki.trust, at: Date(), crls: pki.crls)
        }
    }
}

@Suite("MetadataRegistry refreshes", .enabled(if: TestPKI.opensslAvailable, "needs /usr/bin/openssl to build the test PKI"))
struct RegistryTests {
    static let a = "aaaaaaaa-0000-4000-8000-00000000000a"
    static let b = "bbbbbbbb-0000-4000-8000-00000000000b"
    static let d = "dddddddd-0000-4000-8000-00000000000d"
    static let u2f = String(repeating: "c1", count: 20)

    func install(_ registry: MetadataRegistry, no: Int, _ entries: [String]) throws -> [ModelStatusChange] {
        let (pki, _) = try TestPKI.shared.get()
        let jws = try pki.blob(payload: payloadJSON(no: no, entries: entries))
        return try registry.refresh(jws: Array(jws.utf8), trust: pki.trust, at: Date(), crls: pki.crls)
    }

    @Test("refresh reports the models that moved from acceptable to refused, AAGUID and key identifier alike")
    func statusChanges() throws {
        let registry = MetadataRegistry()
        let first = try install(registry, no: 1, [
            entryJSON(Self.a, [("FIDO_CERTIFIED_L1", "2023-01-01")]),
            entryJSON(Self.b, [("FIDO_CERTIFIED_L1", "2023-01-01")]),
            entryJSON(Self.u2f, [("FIDO_CERTIFIED", "2020-01-01")]),
        ])
        #expect(first.isEmpty)
        let second = try install(registry, no: 2, [
            entryJSON(Self.a, [("FIDO_CERTIFIED_L1", "2023-01-01"), ("REVOKED", "2024-01-01")]),
            entryJSON(Self.b, [("FIDO_CERTIFIED_L1", "2023-01-01"), ("UPDATE_AVAILABLE", "2024-01-01")]),
            entryJSON(Self.u2f, [("FIDO_CERTIFIED", "2020-01-01"), ("USER_VERIFICATION_BYPASS", "2024-02-01")]),
            entryJSON(Self.d, [("REVOKED", "2024-01-01")]),
        ])
        #expect(Set(second.map(\.identifier)) == [Self.a, Self.u2f, Self.d])
        #expect(second.first { $0.identifier == Self.u2f }?.status == .userVerificationBypass)
        #expect(second.allSatisfy { $0.reason == .status })
        #expect(registry.state?.number == 2)
        // The same `no` again changes nothing; a lower one is a rollback and leaves the state alone.
        #expect(try install(registry, no: 2, [entryJSON(Self.a, [("REVOKED", "2024-01-01")])]).isEmpty)
        #expect(throws: MetadataError(.rollback, "")) { try install(registry, no: 1, []) }
        #expect(registry.state?.number == 2)
        let verdict = registry.evaluate(aaguid: AAGUID(Self.a), attestationKeyIdentifiers: [], attestationCertificate: nil,
                                        at: Date(), policy: MetadataPolicy())
        #expect(verdict.isRefused)
    }

    @Test("without a BLOB every model is unknown and has no roots")
    func empty() throws {
        let registry = MetadataRegistry()
        guard case .unknown = registry.evaluate(aaguid: AAGUID(Self.a), attestationKeyIdentifiers: [],
                                                attestationCertificate: nil, at: Date(), policy: MetadataPolicy())
        else { Issue.record("expected unknown"); return }
        #expect(try registry.rootCertificates(aaguid: AAGUID(Self.a), attestationKeyIdentifiers: []).isEmpty)
        #expect(registry.blob == nil && registry.state == nil)
    }

    @Test("concurrent refreshes and reads keep the highest no")
    func concurrent() async throws {
        let (pki, _) = try TestPKI.shared.get()
        let blobs = try (1...8).map { no in
            try MetadataBLOB.verify(jws: pki.blob(payload: payloadJSON(no: no, entries: [])), trust: pki.trust, at: Date(),
                                    crls: pki.crls)
        }
        let registry = MetadataRegistry()
        await withTaskGroup(of: Void.self) { group in
            for blob in blobs.shuffled() {
                group.addTask { _ = try? registry.refresh(with: blob, at: Date()) }
                group.addTask { _ = registry.state }
            }
        }
        #expect(registry.state?.number == 8)
    }
}
