import Cryptography
import Foundation

extension MetadataPolicy {
    /// The verdict for the entries that matched one model (all of them, AAGUID and key-identifier matches alike).
    ///
    /// `identifiers` are the model's AAGUID and key identifiers (for the allow and deny lists). Any matched entry
    /// that refuses refuses the model; otherwise the first entry is reported with its certification level.
    func evaluate(entries: [MetadataEntry], identifiers: Set<String>, attestationCertificate: Certificate?,
                  at time: Date) -> ModelTrust {
        var all = identifiers
        for entry in entries { all.formUnion(entry.identifiers) }
        if !denyList.isDisjoint(with: all) { return .refused(nil, .denyListed) }
        if !allowList.isEmpty, allowList.isDisjoint(with: all) { return .refused(nil, .notAllowListed) }
        guard let first = entries.first else {
            return requireTrustedModel ? .refused(nil, .unknownModel) : .unknown
        }
        var firstLevel = CertificationLevel.none
        for (index, entry) in entries.enumerated() {
            switch status(of: entry, attestationCertificate: attestationCertificate, at: time) {
            case .refused(let status, let reason):
                return .refused(status, reason)
            case .acceptable(let latest, let level):
                if index == 0 { firstLevel = level }
                if level < minimumCertificationLevel { return .refused(latest, .belowMinimumCertification) }
            }
        }
        return .trusted(first, firstLevel)
    }

    /// The status verdict for one entry at `time`.
    func status(of entry: MetadataEntry, attestationCertificate: Certificate?, at time: Date) -> EntryStatus {
        var applicable = [(order: Int, report: StatusReport, scoped: Bool)]()
        for (order, report) in entry.statusReports.enumerated() where report.isEffective(at: time) {
            if report.status == .attestationKeyCompromise, scopesKeyCompromiseToCertificate, let named = report.certificate {
                // Scoped: it applies to the named certificate only; an unknown certificate cannot be ruled out.
                if let attestationCertificate, attestationCertificate.derRepresentation != named { continue }
                applicable.append((order, report, true))
            } else {
                applicable.append((order, report, false))
            }
        }
        if let sticky = applicable.first(where: { refuses($0.report.status) && stickyStatuses.contains($0.report.status) }) {
            return .refused(sticky.report.status, sticky.scoped ? .attestationCertificateCompromised : .status)
        }
        let latest = applicable.max { lhs, rhs in
            let left = lhs.report.effectiveDate ?? .distantPast, right = rhs.report.effectiveDate ?? .distantPast
            if left != right { return left < right }
            return !refuses(lhs.report.status) && refuses(rhs.report.status) // a tie goes to the refusing report
        }
        if let latest, refuses(latest.report.status) {
            return .refused(latest.report.status, latest.scoped ? .attestationCertificateCompromised : .status)
        }
        let level = applicable.compactMap { $0.report.status.certificationLevel }.max() ?? .none
        return .acceptable(latest?.report.status, level)
    }

    private func refuses(_ status: AuthenticatorStatus) -> Bool { refusingStatuses.contains(status) }
}

/// The status verdict for one entry.
enum EntryStatus {
    /// Acceptable; the deciding status (nil when no report is effective yet) and the highest certification level.
    case acceptable(AuthenticatorStatus?, CertificationLevel)
    /// Refused by a status report.
    case refused(AuthenticatorStatus, RefusalReason)
}
