import JOSE

extension MetadataPolicy {
    /// Reads a policy object as in `Metadata/trust-policy.example.json`; absent members keep their defaults.
    public init(json: JSONValue) throws {
        let reader = try JSONReader(json, path: "policy")
        let known: Set<String> = ["refusingStatuses", "stickyStatuses", "scopeKeyCompromiseToCertificate",
                                  "minimumCertificationLevel", "allowAAGUIDs", "denyAAGUIDs", "requireTrustedModel", "comment"]
        if let unknown = reader.members.keys.first(where: { !known.contains($0) }) {
            throw MetadataError(.malformedPayload, "policy.\(unknown) is not a known member")
        }
        self.init()
        if reader.members["refusingStatuses"] != nil {
            refusingStatuses = Set(try reader.strings("refusingStatuses").map(AuthenticatorStatus.init))
        }
        if reader.members["stickyStatuses"] != nil {
            stickyStatuses = Set(try reader.strings("stickyStatuses").map(AuthenticatorStatus.init))
        }
        if let value = reader.members["scopeKeyCompromiseToCertificate"] {
            guard let flag = value.boolValue else { throw reader.wrongType("scopeKeyCompromiseToCertificate", "a boolean") }
            scopesKeyCompromiseToCertificate = flag
        }
        if let name = try reader.optionalString("minimumCertificationLevel") {
            guard let level = CertificationLevel(name: name) else {
                throw reader.wrongType("minimumCertificationLevel", "none or a FIDO_CERTIFIED_* status")
            }
            minimumCertificationLevel = level
        }
        allowList = Set(try reader.strings("allowAAGUIDs").map { $0.lowercased() })
        denyList = Set(try reader.strings("denyAAGUIDs").map { $0.lowercased() })
        if let value = reader.members["requireTrustedModel"] {
            guard let flag = value.boolValue else { throw reader.wrongType("requireTrustedModel", "a boolean") }
            requireTrustedModel = flag
        }
    }
}
