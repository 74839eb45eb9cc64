import Cryptography
import FIDOMetadata
import Foundation
import Testing

@Suite("Index of the production BLOB no=95", .enabled(if: Vectors.sharedPresent, Vectors.skipReason))
struct IndexTests {
    let now = date("2024-09-03T00:00:00Z")

    @Test("a YubiKey 5 AAGUID finds its statement, roots and certification (string or bytes, either case)")
    func yubiKeyByAAGUID() throws {
        let index = try Vectors.verified95.get().index
        let aaguid = try #require(AAGUID("EE882879-721C-4913-9775-3DFCCE97072A"))
        #expect(aaguid.description == "ee882879-721c-4913-9775-3dfcce97072a")
        #expect(AAGUID(bytes: aaguid.bytes) == aaguid)
        let entry = try #require(index.entry(aaguid: aaguid))
        #expect(entry.statement?.description == "YubiKey 5 Series")
        #expect(entry.statement?.attestationTypes == ["basic_full"])
        #expect(entry.statement?.authenticatorVersion == 328706)
        #expect(entry.timeOfLastStatusChange != nil)
        let roots = try index.rootCertificates(aaguid: aaguid, attestationKeyIdentifiers: [])
        #expect(roots.map(\.subject) == ["CN=Yubico U2F Root CA Serial 457200631"])
        guard case .trusted(let trusted, let level) = index.evaluate(aaguid: aaguid, attestationKeyIdentifiers: [],
                                                                     attestationCertificate: nil, at: now,
                                                                     policy: MetadataPolicy()) else {
            Issue.record("YubiKey 5 should be trusted")
            return
        }
        #expect(trusted.aaguid == aaguid && level == .l1)
    }

    @Test("a U2F key identifier finds its entry and gets the same status rules")
    func u2fByKeyIdentifier() throws {
        let index = try Vectors.verified95.get().index
        let entries = index.entries(keyIdentifier: "F4B64A68C334E901B8E23C6E66E6866C31931F5D")
        #expect(entries.map { $0.statement?.description } == ["Feitian ePass FIDO-NFC Security Key"])
        #expect(entries.first?.aaguid == nil)
        let verdict = index.evaluate(aaguid: .zero, attestationKeyIdentifiers: ["f4b64a68c334e901b8e23c6e66e6866c31931f5d"],
                                     attestationCertificate: nil, at: now, policy: MetadataPolicy())
        guard case .trusted(_, let level) = verdict else { Issue.record("expected trusted, got \(verdict)"); return }
        #expect(level == .l1)
        let strict = index.evaluate(aaguid: .zero, attestationKeyIdentifiers: ["f4b64a68c334e901b8e23c6e66e6866c31931f5d"],
                                    attestationCertificate: nil, at: now,
                                    policy: MetadataPolicy(minimumCertificationLevel: .l2))
        guard case .refused(_, .belowMinimumCertification) = strict else { Issue.record("expected refused"); return }
        #expect(!(try index.rootCertificates(aaguid: nil, attestationKeyIdentifiers: ["f4b64a68c334e901b8e23c6e66e6866c31931f5d"]).isEmpty))
    }

    @Test("a key identifier listed by two entries returns both")
    func duplicateKeyIdentifier() throws {
        let index = try Vectors.verified95.get().index
        #expect(index.entries(keyIdentifier: "2806df6c60b1656a78f97a28e168e5ec8d2937b4").count == 2)
    }

    @Test("the REVOKED TruU model is refused from its effectiveDate (2023-12-20) on, not before")
    func revokedHonoursEffectiveDate() throws {
        let index = try Vectors.verified95.get().index
        let truU = AAGUID("ba86dc56-635f-4141-aef6-00227b1b9af6")
        let verdict = index.evaluate(aaguid: truU, attestationKeyIdentifiers: [], attestationCertificate: nil, at: now,
                                     policy: MetadataPolicy())
        guard case .refused(let status, .status) = verdict else { Issue.record("expected refused, got \(verdict)"); return }
        #expect(status == .revoked)
        let before = index.evaluate(aaguid: truU, attestationKeyIdentifiers: [], attestationCertificate: nil,
                                    at: date("2023-12-19T00:00:00Z"), policy: MetadataPolicy())
        guard case .trusted(_, .none) = before else { Issue.record("expected trusted at level none, got \(before)"); return }
    }

    @Test("unknown models are .unknown, or refused when the policy requires a trusted model")
    func unknownModel() throws {
        let index = try Vectors.verified95.get().index
        let stranger = AAGUID("00000000-0000-0000-0000-000000000001")
        let verdict = index.evaluate(aaguid: stranger, attestationKeyIdentifiers: [], attestationCertificate: nil, at: now,
                                     policy: MetadataPolicy())
        guard case .unknown = verdict else { Issue.record("expected unknown"); return }
        let required = index.evaluate(aaguid: .zero, attestationKeyIdentifiers: [], attestationCertificate: nil, at: now,
                                      policy: MetadataPolicy(requireTrustedModel: true))
        guard case .refused(nil, .unknownModel) = required else { Issue.record("expected refused"); return }
    }

    @Test("the key identifier of a certificate is SHA-1 of its subjectPublicKey BIT STRING contents")
    func keyIdentifierOfCertificate() throws {
        // openssl x509 -in globalsign-root-ca-r3.pem -noout -pubkey | openssl asn1parse -strparse 19 -noout -out k; sha1sum k
        let root = try Certificate(pem: Vectors.text("globalsign-root-ca-r3.pem"))
        #expect(MetadataIndex.keyIdentifier(of: root) == "8ff04b7fa82e4524ae4d50fa639a8bdee2dd1bbc")
    }
}
