import Cryptography
import Foundation
import Testing

/// The production MDS3 BLOB no=95 signer chain, the GlobalSign R3 root and its CRLs (see Vectors/case.json).
@Suite("X.509 chain verification (MDS3 BLOB no=95)")
struct CertificateChainTests {
    let signer: Certificate
    let intermediate: Certificate
    let root: Certificate
    let crls: [CRL]

    init() throws {
        signer = try Certificate(pem: Vectors.text("x5c-0-signer.pem"))
        intermediate = try Certificate(pem: Vectors.text("x5c-1-intermediate.pem"))
        root = try Certificate(pem: Vectors.text("globalsign-root-ca-r3.pem"))
        crls = try [CRL(derRepresentation: Vectors.bytes("root-r3.crl")),
                    CRL(derRepresentation: Vectors.bytes("gsextendvalsha2g3r3.crl"))]
    }

    private func verify(at unix: TimeInterval, crls: [CRL]? = nil, requireCRLs: Bool = true,
                        intermediates: [Certificate]? = nil, roots: [Certificate]? = nil) throws -> VerifiedCertificateChain {
        try CertificateChain.verify(leaf: signer, intermediates: intermediates ?? [intermediate], roots: roots ?? [root],
                                    at: Date(timeIntervalSince1970: unix), crls: crls ?? self.crls, requireCRLs: requireCRLs)
    }

    private func reason(_ body: () throws -> VerifiedCertificateChain) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as CryptographyError {
            return error.code == .certificateInvalid ? error.reason : "unexpected code \(error.code)"
        } catch {
            return "unexpected error"
        }
    }

    @Test("verifies with both CRLs at 2024-09-03T00:00:00Z")
    func validAtFixedTime() throws {
        let chain = try verify(at: 1_725_321_600)
        #expect(chain.certificates.count == 3)
        #expect(chain.leaf.sha256Fingerprint == signer.sha256Fingerprint)
        #expect(chain.certificates[1].sha256Fingerprint == intermediate.sha256Fingerprint)
        #expect(Hex.encode(chain.root.sha256Fingerprint) == "cbb522d7b7f127ad6a0113865bdf1cd4102e7d0759af635a7cf4720dc963c53b")
    }

    @Test("verifies at both edges of the CRL window", arguments: [1_725_076_254.0, 1_725_681_052.0])
    func windowEdges(unix: TimeInterval) throws {
        #expect(try verify(at: unix).certificates.count == 3)
    }

    @Test("fails \"CRL has expired\" at 2024-09-07T03:50:53Z")
    func crlExpired() {
        let text = reason { try verify(at: 1_725_681_053) }
        #expect(text?.contains("CRL has expired") == true, "\(text ?? "verified")")
    }

    @Test("fails \"CRL is not yet valid\" at 2024-08-31T03:50:53Z")
    func crlNotYetValid() {
        let text = reason { try verify(at: 1_725_076_253) }
        #expect(text?.contains("CRL is not yet valid") == true, "\(text ?? "verified")")
    }

    @Test("fails without CRLs when CRLs are required; passes when they are optional")
    func missingCRLs() throws {
        let text = reason { try verify(at: 1_725_321_600, crls: []) }
        #expect(text?.contains("unable to get certificate CRL") == true, "\(text ?? "verified")")
        let onlyRootCRL = reason { try verify(at: 1_725_321_600, crls: [crls[0]]) }
        #expect(onlyRootCRL?.contains("unable to get certificate CRL") == true, "\(onlyRootCRL ?? "verified")")
        #expect(try verify(at: 1_725_321_600, crls: [], requireCRLs: false).certificates.count == 3)
        #expect(try verify(at: 1_725_321_600, crls: [crls[0]], requireCRLs: false).certificates.count == 3)
    }

    @Test("a stale CRL fails even when CRLs are optional")
    func optionalButStale() {
        let text = reason { try verify(at: 1_725_681_053, requireCRLs: false) }
        #expect(text?.contains("CRL has expired") == true, "\(text ?? "verified")")
    }

    @Test("a missing intermediate, an expired leaf and a foreign root fail with OpenSSL's reason")
    func failures() {
        let noIntermediate = reason { try verify(at: 1_725_321_600, requireCRLs: false, intermediates: []) }
        #expect(noIntermediate?.contains("unable to get local issuer certificate") == true, "\(noIntermediate ?? "verified")")
        let expired = reason { try verify(at: 1_754_006_400, crls: [], requireCRLs: false) }
        #expect(expired?.contains("certificate has expired") == true, "\(expired ?? "verified")")
        let wrongRoot = reason {
            try CertificateChain.verify(leaf: intermediate, intermediates: [], roots: [signer],
                                        at: Date(timeIntervalSince1970: 1_725_321_600), requireCRLs: false)
        }
        #expect(wrongRoot?.contains("unable to get local issuer certificate") == true, "\(wrongRoot ?? "verified")")
        #expect(throws: CryptographyError(.certificateInvalid, "")) {
            try CertificateChain.verify(leaf: signer, intermediates: [intermediate], roots: [],
                                        at: Date(timeIntervalSince1970: 1_725_321_600), requireCRLs: false)
        }
    }

    @Test("an intermediate given as a root is a trust anchor (partial chain)")
    func intermediateAnchor() throws {
        let chain = try verify(at: 1_725_321_600, crls: [], requireCRLs: false, intermediates: [], roots: [intermediate])
        #expect(chain.certificates.count == 2)
        #expect(chain.root.serialNumberHex == "48a402dd27920da208349dd1997b")
    }
}
