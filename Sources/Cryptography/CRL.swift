import COpenSSL
import Foundation

/// A parsed X.509 certificate revocation list.
public struct CRL: Sendable {
    let handle: X509CRLHandle
    /// The issuer distinguished name in RFC 2253 form.
    public let issuer: String
    /// thisUpdate.
    public let thisUpdate: Date
    /// nextUpdate, when present.
    public let nextUpdate: Date?
    /// How many certificates the list revokes.
    public let revokedCount: Int

    /// Parses a DER CRL (no trailing bytes).
    public init(derRepresentation der: some ContiguousBytes) throws {
        let pointer = try der.withUnsafeBytes { bytes -> OpaquePointer in
            guard bytes.count > 0, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
                throw CryptographyError(.malformedInput, "empty CRL")
            }
            var cursor: UnsafePointer<UInt8>? = base
            guard let crl = d2i_X509_CRL(nil, &cursor, bytes.count) else {
                throw OpenSSL.failure(.malformedInput, "CRL DER did not parse")
            }
            guard cursor == base + bytes.count else {
                X509_CRL_free(crl)
                throw CryptographyError(.malformedInput, "CRL DER has trailing bytes")
            }
            return crl
        }
        handle = X509CRLHandle(taking: pointer)
        guard let thisUpdate = X509_CRL_get0_lastUpdate(pointer).flatMap(Certificate.date(of:)) else {
            throw CryptographyError(.malformedInput, "CRL thisUpdate is malformed")
        }
        self.thisUpdate = thisUpdate
        nextUpdate = X509_CRL_get0_nextUpdate(pointer).flatMap(Certificate.date(of:))
        issuer = Certificate.name(X509_CRL_get_issuer(pointer))
        revokedCount = X509_CRL_get_REVOKED(pointer).map { Int(OPENSSL_sk_num($0)) } ?? 0
    }
}
