import Cryptography
import FIDOMetadata
import WebAuthn

/// Attestation trust anchors from the current FIDO MDS3 BLOB.
struct MetadataAnchors: AttestationTrustAnchors {
    let registry: MetadataRegistry

    func roots(format: String, aaguid: String, attestationKeyIdentifiers: [String]) -> [Certificate] {
        let id = AAGUID(aaguid).flatMap { $0.isZero ? nil : $0 }
        return (try? registry.rootCertificates(aaguid: id, attestationKeyIdentifiers: attestationKeyIdentifiers)) ?? []
    }
}
