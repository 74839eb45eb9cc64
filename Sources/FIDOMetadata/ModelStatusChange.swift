import Foundation

/// A model a refresh moved from acceptable to refused.
public struct ModelStatusChange: Sendable, Hashable {
    /// The model: a lowercase AAGUID, or an attestation key identifier for entries without one.
    public let identifier: String
    /// The status that now refuses it, if a status did.
    public let status: AuthenticatorStatus?
    /// Why it is refused now.
    public let reason: RefusalReason

    /// A change value.
    public init(identifier: String, status: AuthenticatorStatus?, reason: RefusalReason) {
        self.identifier = identifier
        self.status = status
        self.reason = reason
    }

    /// Models (each identifier of each new entry) refused by `new` but not by `old` at `time`.
    ///
    /// Evaluated without an attestation certificate, so a certificate-scoped key compromise is reported with reason
    /// `attestationCertificateCompromised`: the server then checks each credential's stored certificate.
    static func changes(from old: MetadataIndex?, to new: MetadataIndex, policy: MetadataPolicy, at time: Date) -> [ModelStatusChange] {
        let before = old ?? MetadataIndex(entries: [])
        var seen = Set<String>()
        var out = [ModelStatusChange]()
        for entry in new.entries {
            for identifier in entry.identifiers where seen.insert(identifier).inserted {
                let (aaguid, keys) = AAGUID(identifier).map { ($0, [String]()) } ?? (nil, [identifier])
                let now = new.evaluate(aaguid: aaguid, attestationKeyIdentifiers: keys, attestationCertificate: nil,
                                       at: time, policy: policy)
                guard case .refused(let status, let reason) = now else { continue }
                let then = before.evaluate(aaguid: aaguid, attestationKeyIdentifiers: keys, attestationCertificate: nil,
                                           at: time, policy: policy)
                if !then.isRefused {
                    out.append(ModelStatusChange(identifier: identifier, status: status, reason: reason))
                }
            }
        }
        return out
    }
}
