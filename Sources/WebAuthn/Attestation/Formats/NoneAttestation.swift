/// `none` (§8.7): the statement must be an empty map.
public struct NoneAttestation: AttestationFormatVerifier {
    /// Creates the verifier.
    public init() {}
    /// `"none"`.
    public var format: String { "none" }

    /// Accepts only an empty statement.
    public func verify(
        statement: CBORValue, authenticatorData: AuthenticatorData, rawAuthenticatorData: [UInt8],
        clientDataHash: [UInt8], context: AttestationContext
    ) throws -> UnverifiedAttestation {
        guard statement.mapValue?.isEmpty == true else {
            throw WebAuthnError(.attestationInvalid, "none: attStmt is not empty")
        }
        return UnverifiedAttestation(format: format, type: .none, trustPath: [])
    }
}
