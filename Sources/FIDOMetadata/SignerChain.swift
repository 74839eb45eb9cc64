import Cryptography
import Foundation
import JOSE

/// The `x5c` of a BLOB header: read, screened, and verified to a configured root.
enum SignerChain {
    /// The most certificates accepted in `x5c`.
    static let maximumLength = 5

    /// Decodes `x5c` (required) after refusing headers that point at keys elsewhere.
    static func certificates(header: JSONValue, trust: MetadataTrust) throws -> [Certificate] {
        for name in ["x5u", "jku", "jwk"] where header[name] != nil {
            throw MetadataError(.unsupportedHeader, "BLOB header \(name) is refused; only x5c is accepted")
        }
        guard let x5c = header["x5c"]?.arrayValue, !x5c.isEmpty else {
            throw MetadataError(.malformedBLOB, "BLOB header has no x5c")
        }
        guard x5c.count <= maximumLength else { throw MetadataError(.malformedBLOB, "BLOB x5c has too many certificates") }
        let rootFingerprints = Set(trust.roots.map(\.sha256Fingerprint))
        var seen = Set<[UInt8]>()
        return try x5c.enumerated().map { index, element in
            guard let encoded = element.stringValue, let der = Data(base64Encoded: encoded), !der.isEmpty else {
                throw MetadataError(.malformedBLOB, "BLOB x5c[\(index)] is not base64 DER")
            }
            let certificate: Certificate
            do {
                certificate = try Certificate(derRepresentation: der)
            } catch {
                throw MetadataError(.malformedBLOB, "BLOB x5c[\(index)] does not parse")
            }
            guard seen.insert(certificate.sha256Fingerprint).inserted else {
                throw MetadataError(.untrustedChain, "BLOB x5c repeats a certificate")
            }
            guard certificate.subject != certificate.issuer, !rootFingerprints.contains(certificate.sha256Fingerprint) else {
                throw MetadataError(.untrustedChain, "BLOB x5c[\(index)] is a root; roots come from configuration only")
            }
            return certificate
        }
    }

    /// Verifies leaf → intermediates → a configured root at `time`, with CRLs as the trust requires.
    static func verify(_ certificates: [Certificate], trust: MetadataTrust, at time: Date, crls: [CRL]) throws -> [Certificate] {
        do {
            return try CertificateChain.verify(leaf: certificates[0], intermediates: Array(certificates.dropFirst()),
                                               roots: trust.roots, at: time, crls: crls,
                                               requireCRLs: trust.requiresCRLs).certificates
        } catch let error as CryptographyError {
            throw MetadataError(.untrustedChain, "BLOB signer chain: \(error.reason)")
        }
    }
}
