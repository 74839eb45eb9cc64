import Cryptography
import FIDOMetadata
import Foundation
import Testing

@Suite("FAKE conformance BLOBs and the older production BLOB no=9", .enabled(if: Vectors.sharedPresent, Vectors.skipReason))
struct OtherBLOBTests {
    static let fakeCases = [
        (Vectors.fakeWebAuthn4j, "2022-11-01T00:00:00Z", "2022-11-09T00:00:00Z"),
        (Vectors.fakeSimpleWebAuthn, "2023-11-01T00:00:00Z", "2023-11-08T00:00:00Z"),
    ]

    @Test("FAKE BLOBs verify against FAKE Root FAKE at their fixed times (Insecure: no CRLs exist offline)",
          arguments: fakeCases)
    func fakeBLOBs(path: String, time: String, nextUpdate: String) throws {
        let trust = MetadataTrust.Insecure.withoutCRLChecks(.explicitRoots([try Vectors.fakeRoot()]))
        let blob = try MetadataBLOB.verify(jws: Vectors.blob(path), trust: trust, at: date(time))
        #expect(blob.number == 42)
        #expect(blob.entries.count == 200)
        #expect(blob.nextUpdate == date(nextUpdate))
        #expect(blob.legalHeader?.hasPrefix("By using this test metadata service") == true)
        #expect(blob.chain.last!.subject.contains("FAKE Root FAKE"))
    }

    @Test("FAKE BLOBs fail closed when CRLs are required, and against the GlobalSign pin", arguments: fakeCases)
    func fakeBLOBsRefused(path: String, time: String, nextUpdate: String) throws {
        let bytes = try Vectors.blob(path)
        #expect(throws: MetadataError(.untrustedChain, "")) {
            try MetadataBLOB.verify(jws: bytes, trust: .explicitRoots([Vectors.fakeRoot()]), at: date(time))
        }
        #expect(throws: MetadataError(.untrustedChain, "")) {
            try MetadataBLOB.verify(jws: bytes, trust: MetadataTrust.Insecure.withoutCRLChecks(Vectors.globalSignTrust()),
                                    at: date(time))
        }
    }

    @Test("no=9 verifies at 2021-11-15 without CRLs; the 2024 CRLs are not yet valid then")
    func production9() throws {
        let bytes = try Vectors.blob(Vectors.production9)
        let insecure = MetadataTrust.Insecure.withoutCRLChecks(try Vectors.globalSignTrust())
        let blob = try MetadataBLOB.verify(jws: bytes, trust: insecure, at: date("2021-11-15T00:00:00Z"))
        #expect(blob.number == 9 && blob.entries.count == 98)
        let error = #expect(throws: MetadataError.self) {
            try MetadataBLOB.verify(jws: bytes, trust: Vectors.globalSignTrust(), at: date("2021-11-15T00:00:00Z"),
                                    crls: Vectors.globalSignCRLs())
        }
        #expect(error?.reason.contains("CRL is not yet valid") == true)
    }

    @Test("past nextUpdate (2021-12-01) no=9 is refused as stale, or accepted and marked stale with .warn")
    func stale() throws {
        let bytes = try Vectors.blob(Vectors.production9)
        let insecure = MetadataTrust.Insecure.withoutCRLChecks(try Vectors.globalSignTrust())
        let after = date("2021-12-02T00:00:00Z")
        #expect(throws: MetadataError(.stale, "")) { try MetadataBLOB.verify(jws: bytes, trust: insecure, at: after) }
        let warned = try MetadataBLOB.verify(jws: bytes, trust: insecure, at: after, policy: BLOBPolicy(whenStale: .warn))
        #expect(warned.isStale)
        let exactly = try MetadataBLOB.verify(jws: bytes, trust: insecure, at: date("2021-12-01T00:00:00Z"),
                                              policy: BLOBPolicy(whenStale: .warn))
        #expect(exactly.isStale)
    }

    @Test("after no=95, no=9 is refused as a rollback (verify and registry)")
    func rollback() throws {
        let blob95 = try Vectors.verified95.get()
        let bytes9 = try Vectors.blob(Vectors.production9)
        let insecure = MetadataTrust.Insecure.withoutCRLChecks(try Vectors.globalSignTrust())
        let time9 = date("2021-11-15T00:00:00Z")
        #expect(throws: MetadataError(.rollback, "")) {
            try MetadataBLOB.verify(jws: bytes9, trust: insecure, at: time9, after: blob95.state)
        }
        let registry = MetadataRegistry()
        try registry.refresh(with: blob95, at: date("2024-09-03T00:00:00Z"))
        let blob9 = try MetadataBLOB.verify(jws: bytes9, trust: insecure, at: time9)
        #expect(throws: MetadataError(.rollback, "")) { try registry.refresh(with: blob9, at: time9) }
        #expect(throws: MetadataError(.rollback, "")) { try registry.refresh(jws: bytes9, trust: insecure, at: time9) }
        #expect(registry.state?.number == 95)
        // The same no again is accepted (a re-fetch of the current BLOB).
        try registry.refresh(with: blob95, at: date("2024-09-03T00:00:00Z"))
        // A registry restored from persisted state refuses the rollback too.
        let restored = MetadataRegistry(restoring: blob95.state)
        #expect(throws: MetadataError(.rollback, "")) { try restored.refresh(with: blob9, at: time9) }
    }
}
