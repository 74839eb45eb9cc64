import Foundation
import JOSE

/// One MDS3 `MetadataBLOBPayloadEntry`: a model, its statement and its status history.
public struct MetadataEntry: Sendable {
    /// The FIDO2 model id, when the entry has one.
    public var aaguid: AAGUID?
    /// The UAF model id, when the entry has one.
    public var aaid: String?
    /// Lowercase hex SHA-1 of attestation certificates' subjectPublicKey (U2F and some FIDO2 models).
    public var attestationCertificateKeyIdentifiers: [String]
    /// The metadata statement, when present.
    public var statement: MetadataStatement?
    /// The status reports, in BLOB order.
    public var statusReports: [StatusReport]
    /// When the status last changed (midnight UTC).
    public var timeOfLastStatusChange: Date?

    /// An entry built directly (tests, synthetic data).
    public init(aaguid: AAGUID? = nil, attestationCertificateKeyIdentifiers: [String] = [], statement: MetadataStatement? = nil,
                statusReports: [StatusReport], timeOfLastStatusChange: Date? = nil) {
        self.aaguid = aaguid
        self.attestationCertificateKeyIdentifiers = attestationCertificateKeyIdentifiers.map { $0.lowercased() }
        self.statement = statement
        self.statusReports = statusReports
        self.timeOfLastStatusChange = timeOfLastStatusChange
    }

    /// Reads an entry from the BLOB payload.
    init(json: JSONValue, path: String) throws {
        let reader = try JSONReader(json, path: path)
        if let text = try reader.optionalString("aaguid") {
            guard let value = AAGUID(text) else { throw reader.wrongType("aaguid", "a UUID") }
            aaguid = value
        }
        aaid = try reader.optionalString("aaid")
        attestationCertificateKeyIdentifiers = try reader.strings("attestationCertificateKeyIdentifiers").map { identifier in
            let lowered = identifier.lowercased()
            guard lowered.utf8.count == 40, lowered.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
                throw reader.wrongType("attestationCertificateKeyIdentifiers", "SHA-1 hex strings")
            }
            return lowered
        }
        statement = try reader.members["metadataStatement"].map {
            try MetadataStatement(json: $0, path: path + ".metadataStatement")
        }
        let reports = try reader.array("statusReports")
        statusReports = try reports.enumerated().map { index, report in
            try StatusReport(json: report, path: "\(path).statusReports[\(index)]")
        }
        guard !statusReports.isEmpty else { throw reader.missing("statusReports") }
        timeOfLastStatusChange = try reader.optionalDate("timeOfLastStatusChange")
    }

    /// The identifiers allow and deny lists match: the AAGUID string (unless zero) and the key identifiers.
    public var identifiers: [String] {
        var out = [String]()
        if let aaguid, !aaguid.isZero { out.append(aaguid.description) }
        out.append(contentsOf: attestationCertificateKeyIdentifiers)
        return out
    }
}
