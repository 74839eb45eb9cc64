import Cryptography
import Foundation

/// Judges an attestation's chain against trust anchors at an injected time.
struct AttestationTrustEvaluator: Sendable {
    let anchors: any AttestationTrustAnchors
    let requirement: RelyingPartyPolicy.AttestationRequirement

    func evaluate(_ attestation: UnverifiedAttestation, aaguid: String, now: Date) throws -> TrustedAttestation {
        let identifiers = attestation.trustPath.map(CertificatePath.keyIdentifier)
        let status: TrustedAttestation.ChainStatus
        if attestation.trustPath.isEmpty {
            status = .notApplicable
        } else {
            let roots = anchors.roots(format: attestation.format, aaguid: aaguid, attestationKeyIdentifiers: identifiers)
            if roots.isEmpty {
                status = .noAnchors
            } else {
                do {
                    _ = try CertificateChain.verify(
                        leaf: attestation.trustPath[0], intermediates: Array(attestation.trustPath.dropFirst()),
                        roots: roots, at: now, requireCRLs: false)
                    status = .verified
                } catch let error as CryptographyError {
                    status = .failed(error.reason)
                } catch {
                    status = .failed("certificate chain check failed")
                }
            }
        }
        switch (requirement, status) {
        case (.refuseFailedChains, .failed(let reason)), (.requireTrustedChain, .failed(let reason)):
            throw WebAuthnError(.untrustedAttestation, "attestation chain did not verify: \(reason)")
        case (.requireTrustedChain, .notApplicable), (.requireTrustedChain, .noAnchors):
            throw WebAuthnError(.untrustedAttestation, "attestation does not reach a trust anchor")
        default:
            break
        }
        return TrustedAttestation(format: attestation.format, type: attestation.type, trustPath: attestation.trustPath,
                                  aaguid: aaguid, attestationKeyIdentifiers: identifiers, chainStatus: status)
    }
}
