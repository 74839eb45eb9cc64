import Cryptography

/// `fido-u2f` (§8.6): one P-256 attestation certificate signing the U2F registration data.
public struct FIDOU2FAttestation: AttestationFormatVerifier {
    /// Creates the verifier.
    public init() {}
    /// `"fido-u2f"`.
    public var format: String { "fido-u2f" }

    /// Verifies the signature over 0x00 || rpIdHash || clientDataHash || credentialId || 0x04 || x || y.
    public func verify(
        statement: CBORValue, authenticatorData: AuthenticatorData, rawAuthenticatorData: [UInt8],
        clientDataHash: [UInt8], context: AttestationContext
    ) throws -> UnverifiedAttestation {
        guard let credential = authenticatorData.attestedCredentialData else {
            throw WebAuthnError(.attestationInvalid, "fido-u2f: no attested credential data")
        }
        guard let signature = statement["sig"]?.bytesValue, statement["x5c"]?.arrayValue?.count == 1 else {
            throw WebAuthnError(.attestationInvalid, "fido-u2f: sig missing or x5c is not exactly one certificate")
        }
        let certificates = try CertificatePath.parse(statement["x5c"], format: format)
        let leafKey = try CertificatePath.leafKey(certificates, format: format)
        guard leafKey.type == .ec(.p256) else {
            throw WebAuthnError(.attestationInvalid, "fido-u2f: attestation certificate key is not P-256")
        }
        guard case let .ec(.p256, x, y) = credential.credentialPublicKey.publicKey.parameters else {
            throw WebAuthnError(.attestationInvalid, "fido-u2f: credential key is not P-256")
        }
        let signed: [UInt8] = [0x00] + authenticatorData.rpIdHash + clientDataHash + credential.credentialId + [0x04] + x + y
        guard leafKey.isValidWebAuthnSignature(signature, for: signed, algorithm: .es256) else {
            throw WebAuthnError(.attestationInvalid, "fido-u2f: signature does not verify")
        }
        return UnverifiedAttestation(format: format, type: .basic, trustPath: certificates)
    }
}
