import Cryptography
import Foundation

/// The roots a BLOB's `x5c` chain may end at, and whether CRLs must be checked.
public struct MetadataTrust: Sendable {
    /// SHA-256 of GlobalSign Root CA - R3 (DER), the root the FIDO Alliance signs MDS3 under; also in Metadata/README.md.
    public static let globalSignR3SHA256 = "cbb522d7b7f127ad6a0113865bdf1cd4102e7d0759af635a7cf4720dc963c53b"
    /// Where Debian's trust store keeps GlobalSign Root CA - R3.
    public static let systemGlobalSignR3Path = "/etc/ssl/certs/GlobalSign_Root_CA_-_R3.pem"

    /// The trust anchors (only these; a root inside `x5c` is never one).
    public let roots: [Certificate]
    /// Whether every certificate of the chain must have a valid CRL (fail closed). Off only through `Insecure`.
    public let requiresCRLs: Bool

    private init(roots: [Certificate], requiresCRLs: Bool) {
        self.roots = roots
        self.requiresCRLs = requiresCRLs
    }

    /// GlobalSign Root CA - R3 from PEM text, accepted only if its fingerprint equals `globalSignR3SHA256`.
    public static func globalSignR3(pem: String) throws -> MetadataTrust {
        let certificate: Certificate
        do {
            certificate = try Certificate(pem: pem)
        } catch {
            throw MetadataError(.rootMismatch, "GlobalSign R3 PEM does not parse")
        }
        guard Hex.encode(certificate.sha256Fingerprint) == globalSignR3SHA256 else {
            throw MetadataError(.rootMismatch, "certificate is not GlobalSign Root CA - R3 (fingerprint differs from the pin)")
        }
        return MetadataTrust(roots: [certificate], requiresCRLs: true)
    }

    /// GlobalSign Root CA - R3 read from the system trust store and checked against the pin.
    public static func systemGlobalSignR3(path: String = systemGlobalSignR3Path) throws -> MetadataTrust {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MetadataError(.io, "cannot read \(path)")
        }
        return try globalSignR3(pem: String(decoding: data, as: UTF8.self))
    }

    /// Another root, by explicit configuration only (e.g. the FIDO conformance "FAKE Root FAKE"); CRLs still required.
    public static func explicitRoots(_ roots: [Certificate]) -> MetadataTrust {
        MetadataTrust(roots: roots, requiresCRLs: true)
    }

    /// Options that weaken BLOB verification; for test BLOBs that publish no reachable CRLs.
    public enum Insecure {
        /// The same roots without revocation checking (a revoked signer would be accepted).
        public static func withoutCRLChecks(_ trust: MetadataTrust) -> MetadataTrust {
            MetadataTrust(roots: trust.roots, requiresCRLs: false)
        }
    }
}
