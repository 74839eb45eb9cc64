import Cryptography
import FIDOMetadata
import Foundation
import Testing

/// Status rules on synthetic entries (no signing needed).
@Suite("Trust policy on synthetic entries")
struct PolicyTests {
    static let model = AAGUID("11111111-2222-3333-4444-555555555555")!
    let now = date("2024-06-01T00:00:00Z")

    func day(_ text: String) -> Date { date(text + "T00:00:00Z") }

    func verdict(_ reports: [StatusReport], policy: MetadataPolicy = MetadataPolicy(), certificate: Certificate? = nil,
                 keyIdentifiers: [String] = [], at time: Date? = nil) -> ModelTrust {
        let entry = MetadataEntry(aaguid: Self.model, attestationCertificateKeyIdentifiers: keyIdentifiers,
                                  statement: MetadataStatement(description: "Synthetic key"), statusReports: reports)
        return MetadataIndex(entries: [entry]).evaluate(aaguid: Self.model, attestationKeyIdentifiers: [],
                                                        attestationCertificate: certificate, at: time ?? now, policy: policy)
    }

    @Test("each default refusing status refuses when it is the latest report",
          arguments: [AuthenticatorStatus.revoked, .attestationKeyCompromise, .userVerificationBypass,
                      .userKeyRemoteCompromise, .userKeyPhysicalCompromise])
    func refusingStatuses(status: AuthenticatorStatus) {
        let result = verdict([StatusReport(status: .fidoCertifiedL1, effectiveDate: day("2020-01-01")),
                              StatusReport(status: status, effectiveDate: day("2023-01-01"))])
        guard case .refused(status, .status) = result else { Issue.record("\(status) should refuse, got \(result)"); return }
    }

    @Test("non-refusing statuses do not refuse", arguments: [AuthenticatorStatus.updateAvailable, .notFIDOCertified,
                                                              .selfAssertionSubmitted, AuthenticatorStatus("SOMETHING_NEW")])
    func acceptableStatuses(status: AuthenticatorStatus) {
        #expect(!verdict([StatusReport(status: status, effectiveDate: day("2023-01-01"))]).isRefused)
    }

    @Test("latest report wins: a later UPDATE_AVAILABLE lifts an earlier USER_VERIFICATION_BYPASS")
    func latestWins() {
        let result = verdict([StatusReport(status: .updateAvailable, effectiveDate: day("2023-06-01")),
                              StatusReport(status: .userVerificationBypass, effectiveDate: day("2023-01-01")),
                              StatusReport(status: .fidoCertifiedL2, effectiveDate: day("2022-01-01"))])
        guard case .trusted(_, .l2) = result else { Issue.record("expected trusted L2, got \(result)"); return }
        // …but before the fix was published the bypass decides.
        #expect(verdict([StatusReport(status: .updateAvailable, effectiveDate: day("2023-06-01")),
                         StatusReport(status: .userVerificationBypass, effectiveDate: day("2023-01-01"))],
                        at: day("2023-03-01")).isRefused)
    }

    @Test("REVOKED is sticky: a later certification does not lift it (configurable)")
    func revokedSticky() {
        let reports = [StatusReport(status: .revoked, effectiveDate: day("2022-01-01")),
                       StatusReport(status: .fidoCertifiedL1, effectiveDate: day("2023-01-01"))]
        guard case .refused(.revoked, .status) = verdict(reports) else { Issue.record("REVOKED should stick"); return }
        #expect(!verdict(reports, policy: MetadataPolicy(stickyStatuses: [])).isRefused)
    }

    @Test("a report with an effectiveDate in the future is ignored")
    func futureReportIgnored() {
        let reports = [StatusReport(status: .fidoCertifiedL1, effectiveDate: day("2020-01-01")),
                       StatusReport(status: .revoked, effectiveDate: day("2030-01-01"))]
        guard case .trusted(_, .l1) = verdict(reports) else { Issue.record("future REVOKED must not apply yet"); return }
        #expect(verdict(reports, at: day("2030-01-01")).isRefused)
    }

    @Test("on the same effectiveDate a refusing report wins")
    func tieGoesToRefusal() {
        #expect(verdict([StatusReport(status: .fidoCertifiedL1, effectiveDate: day("2023-01-01")),
                         StatusReport(status: .userKeyRemoteCompromise, effectiveDate: day("2023-01-01"))]).isRefused)
    }

    @Test("ATTESTATION_KEY_COMPROMISE naming a certificate refuses that certificate only")
    func scopedKeyCompromise() throws {
        let compromised = try Certificate(pem: Vectors.text("fake-root-fake.pem"))
        let other = try Certificate(pem: Vectors.text("globalsign-root-ca-r3.pem"))
        let reports = [StatusReport(status: .fidoCertifiedL1, effectiveDate: day("2020-01-01")),
                       StatusReport(status: .attestationKeyCompromise, effectiveDate: day("2023-01-01"),
                                    certificate: compromised.derRepresentation)]
        guard case .refused(.attestationKeyCompromise, .attestationCertificateCompromised) = verdict(reports, certificate: compromised)
        else { Issue.record("the named certificate must be refused"); return }
        guard case .trusted(_, .l1) = verdict(reports, certificate: other) else {
            Issue.record("another certificate of the model stays trusted"); return
        }
        // Without the attestation certificate the scoped report cannot be ruled out: fail closed.
        #expect(verdict(reports).isRefused)
        // Unscoped policy: the whole model is refused.
        #expect(verdict(reports, policy: MetadataPolicy(scopesKeyCompromiseToCertificate: false), certificate: other).isRefused)
        // A report without a certificate refuses every certificate.
        #expect(verdict([StatusReport(status: .attestationKeyCompromise, effectiveDate: day("2023-01-01"))],
                        certificate: other).isRefused)
    }

    @Test("minimum certification level", arguments: [
        (CertificationLevel.none, true), (.l1, true), (.l1plus, true), (.l2, false), (.l3plus, false),
    ])
    func minimumLevel(minimum: CertificationLevel, accepted: Bool) {
        let reports = [StatusReport(status: .fidoCertified, effectiveDate: day("2019-01-01")),
                       StatusReport(status: .fidoCertifiedL1plus, effectiveDate: day("2021-01-01"))]
        let result = verdict(reports, policy: MetadataPolicy(minimumCertificationLevel: minimum))
        #expect(result.isRefused == !accepted)
        if !accepted {
            guard case .refused(_, .belowMinimumCertification) = result else { Issue.record("wrong reason"); return }
        }
    }

    @Test("a configured refusing list replaces the default")
    func customRefusingList() {
        let reports = [StatusReport(status: .updateAvailable, effectiveDate: day("2023-01-01"))]
        #expect(verdict(reports, policy: MetadataPolicy(refusingStatuses: [.updateAvailable])).isRefused)
        let bypass = [StatusReport(status: .userVerificationBypass, effectiveDate: day("2023-01-01"))]
        #expect(!verdict(bypass, policy: MetadataPolicy(refusingStatuses: [.revoked])).isRefused)
    }

    @Test("deny list refuses, allow list admits only its models (AAGUIDs or key identifiers)")
    func allowAndDenyLists() {
        let good = [StatusReport(status: .fidoCertifiedL1, effectiveDate: day("2020-01-01"))]
        let keyID = String(repeating: "ab", count: 20)
        guard case .refused(nil, .denyListed) = verdict(good, policy: MetadataPolicy(denyList: [Self.model.description.uppercased()]))
        else { Issue.record("deny-listed model accepted"); return }
        guard case .refused(nil, .notAllowListed) = verdict(good, policy: MetadataPolicy(allowList: ["99999999-2222-3333-4444-555555555555"]))
        else { Issue.record("model outside the allow list accepted"); return }
        #expect(!verdict(good, policy: MetadataPolicy(allowList: [Self.model.description])).isRefused)
        #expect(!verdict(good, policy: MetadataPolicy(allowList: [keyID]), keyIdentifiers: [keyID]).isRefused)
        // The deny list wins over the allow list, and allow-listing does not lift a refusing status.
        #expect(verdict(good, policy: MetadataPolicy(allowList: [Self.model.description], denyList: [Self.model.description])).isRefused)
        let revoked = [StatusReport(status: .revoked, effectiveDate: day("2020-01-01"))]
        #expect(verdict(revoked, policy: MetadataPolicy(allowList: [Self.model.description])).isRefused)
    }

    @Test("the key-identifier path gets the same status rules as the AAGUID path")
    func keyIdentifierPathFiltersStatus() {
        let keyID = String(repeating: "cd", count: 20)
        let entry = MetadataEntry(attestationCertificateKeyIdentifiers: [keyID.uppercased()],
                                  statusReports: [StatusReport(status: .revoked, effectiveDate: day("2020-01-01"))])
        let result = MetadataIndex(entries: [entry]).evaluate(aaguid: nil, attestationKeyIdentifiers: [keyID],
                                                              attestationCertificate: nil, at: now, policy: MetadataPolicy())
        guard case .refused(.revoked, .status) = result else { Issue.record("U2F path skipped the status filter"); return }
    }
}
