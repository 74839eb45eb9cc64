import Cryptography
import Foundation

/// MDS3 entries indexed by AAGUID and by attestation certificate key identifier.
public struct MetadataIndex: Sendable {
    /// Every entry, in BLOB order.
    public let entries: [MetadataEntry]
    private let byAAGUID: [AAGUID: [Int]]
    private let byKeyIdentifier: [String: [Int]]

    /// Indexes `entries` (a zero AAGUID is not indexed; duplicates keep every entry).
    public init(entries: [MetadataEntry]) {
        self.entries = entries
        var byAAGUID = [AAGUID: [Int]]()
        var byKeyIdentifier = [String: [Int]]()
        for (index, entry) in entries.enumerated() {
            if let aaguid = entry.aaguid, !aaguid.isZero { byAAGUID[aaguid, default: []].append(index) }
            for identifier in entry.attestationCertificateKeyIdentifiers {
                byKeyIdentifier[identifier.lowercased(), default: []].append(index)
            }
        }
        self.byAAGUID = byAAGUID
        self.byKeyIdentifier = byKeyIdentifier
    }

    /// The key identifier MDS3 uses for a certificate: lowercase hex SHA-1 of its subjectPublicKey BIT STRING contents.
    public static func keyIdentifier(of certificate: Certificate) -> String {
        Hex.encode(Digest.hash(certificate.subjectPublicKeyBytes, using: .sha1))
    }

    /// The entry for a (non-zero) AAGUID; the first one if the BLOB lists it twice.
    public func entry(aaguid: AAGUID) -> MetadataEntry? {
        byAAGUID[aaguid]?.first.map { entries[$0] }
    }

    /// The entries that list a key identifier (either case).
    public func entries(keyIdentifier: String) -> [MetadataEntry] {
        (byKeyIdentifier[keyIdentifier.lowercased()] ?? []).map { entries[$0] }
    }

    /// Every entry matching the AAGUID (unless zero) or any key identifier, AAGUID matches first, without repeats.
    public func matches(aaguid: AAGUID?, attestationKeyIdentifiers: [String]) -> [MetadataEntry] {
        var indices = [Int]()
        if let aaguid, !aaguid.isZero { indices.append(contentsOf: byAAGUID[aaguid] ?? []) }
        for identifier in attestationKeyIdentifiers {
            for index in byKeyIdentifier[identifier.lowercased()] ?? [] where !indices.contains(index) {
                indices.append(index)
            }
        }
        return indices.map { entries[$0] }
    }

    /// The verdict on a model: the same rules whether it is found by AAGUID or by key identifier (U2F).
    public func evaluate(aaguid: AAGUID?, attestationKeyIdentifiers: [String], attestationCertificate: Certificate?,
                         at time: Date, policy: MetadataPolicy) -> ModelTrust {
        var identifiers = Set(attestationKeyIdentifiers.map { $0.lowercased() })
        if let aaguid, !aaguid.isZero { identifiers.insert(aaguid.description) }
        let matched = matches(aaguid: aaguid, attestationKeyIdentifiers: attestationKeyIdentifiers)
        return policy.evaluate(entries: matched, identifiers: identifiers, attestationCertificate: attestationCertificate, at: time)
    }

    /// The attestation trust anchors MDS3 lists for a model (every matching entry's roots, without repeats).
    public func rootCertificates(aaguid: AAGUID?, attestationKeyIdentifiers: [String]) throws -> [Certificate] {
        var seen = Set<[UInt8]>()
        var out = [Certificate]()
        for entry in matches(aaguid: aaguid, attestationKeyIdentifiers: attestationKeyIdentifiers) {
            for root in try entry.statement?.rootCertificates() ?? [] where seen.insert(root.derRepresentation).inserted {
                out.append(root)
            }
        }
        return out
    }
}
