/// The attestation object (§6.5): `{fmt, attStmt, authData}` as one CBOR map with no trailing bytes.
public struct AttestationObject: Sendable {
    /// The `fmt` identifier.
    public let format: String
    /// The attestation statement map.
    public let statement: CBORValue
    /// The raw authenticator data bytes.
    public let rawAuthenticatorData: [UInt8]
    /// The parsed authenticator data.
    public let authenticatorData: AuthenticatorData

    /// Decodes and parses an attestation object.
    public init(bytes: [UInt8]) throws {
        let value = try CBORDecoder().decodeWhole(bytes)
        guard let format = value["fmt"]?.textValue, let statement = value["attStmt"], statement.mapValue != nil,
              let authData = value["authData"]?.bytesValue else {
            throw WebAuthnError(.malformedCBOR, "attestation object needs fmt, attStmt and authData")
        }
        self.format = format
        self.statement = statement
        self.rawAuthenticatorData = authData
        self.authenticatorData = try AuthenticatorData(bytes: authData)
    }
}
