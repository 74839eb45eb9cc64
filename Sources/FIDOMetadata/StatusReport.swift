import Foundation
import JOSE

/// One MDS3 `StatusReport` of an entry.
public struct StatusReport: Sendable, Hashable {
    /// The status.
    public var status: AuthenticatorStatus
    /// Since when the report applies (midnight UTC); nil when absent (then it always applies).
    public var effectiveDate: Date?
    /// The DER certificate the report is about (e.g. the one compromised attestation certificate), if any.
    public var certificate: [UInt8]?
    /// The authenticator version the report applies to, if given.
    public var authenticatorVersion: Int?
    /// Where more information can be found.
    public var url: String?
    /// The certification descriptor.
    public var certificationDescriptor: String?
    /// The certificate number.
    public var certificateNumber: String?
    /// The certification policy version.
    public var certificationPolicyVersion: String?
    /// The certification requirements version.
    public var certificationRequirementsVersion: String?

    /// A report built directly (tests, synthetic data).
    public init(status: AuthenticatorStatus, effectiveDate: Date? = nil, certificate: [UInt8]? = nil,
                authenticatorVersion: Int? = nil, url: String? = nil) {
        self.status = status
        self.effectiveDate = effectiveDate
        self.certificate = certificate
        self.authenticatorVersion = authenticatorVersion
        self.url = url
    }

    /// Reads a report from the BLOB payload.
    init(json: JSONValue, path: String) throws {
        let reader = try JSONReader(json, path: path)
        status = AuthenticatorStatus(try reader.string("status"))
        effectiveDate = try reader.optionalDate("effectiveDate")
        if let encoded = try reader.optionalString("certificate") {
            guard let der = JSONReader.base64(encoded) else { throw reader.wrongType("certificate", "base64 DER") }
            certificate = der
        }
        authenticatorVersion = try reader.optionalInteger("authenticatorVersion")
        url = try reader.optionalString("url")
        certificationDescriptor = try reader.optionalString("certificationDescriptor")
        certificateNumber = try reader.optionalString("certificateNumber")
        certificationPolicyVersion = try reader.optionalString("certificationPolicyVersion")
        certificationRequirementsVersion = try reader.optionalString("certificationRequirementsVersion")
    }

    /// Whether the report is in force at `time` (no date, or a date on or before it).
    public func isEffective(at time: Date) -> Bool {
        guard let effectiveDate else { return true }
        return effectiveDate <= time
    }
}
