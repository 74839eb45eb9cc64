import Cryptography

/// `apple` (§8.8): the leaf's nonce extension binds authData and client data; its key is the credential key.
public struct AppleAttestation: AttestationFormatVerifier {
    /// Apple's nonce extension.
    static let nonceOID = "1.2.840.113635.100.8.2"

    /// Creates the verifier.
    public init() {}
    /// `"apple"`.
    public var format: String { "apple" }

    /// Checks nonce == SHA-256(authData || clientDataHash) and the leaf key.
    public func verify(
        statement: CBORValue, authenticatorData: AuthenticatorData, rawAuthenticatorData: [UInt8],
        clientDataHash: [UInt8], context: AttestationContext
    ) throws -> UnverifiedAttestation {
        guard let credential = authenticatorData.attestedCredentialData else {
            throw WebAuthnError(.attestationInvalid, "apple: no attested credential data")
        }
        let certificates = try CertificatePath.parse(statement["x5c"], format: format)
        guard let value = try? certificates[0].extensionValue(oid: Self.nonceOID) else {
            throw WebAuthnError(.attestationInvalid, "apple: nonce extension missing")
        }
        guard let nonce = try? Self.nonce(from: value), nonce == Digest.sha256(rawAuthenticatorData + clientDataHash) else {
            throw WebAuthnError(.attestationInvalid, "apple: nonce does not match")
        }
        let leafKey = try CertificatePath.leafKey(certificates, format: format)
        guard leafKey.isSameKey(as: credential.credentialPublicKey.publicKey) else {
            throw WebAuthnError(.attestationInvalid, "apple: certificate key differs from the credential key")
        }
        return UnverifiedAttestation(format: format, type: .anonCA, trustPath: certificates)
    }

    /// SEQUENCE { [1] EXPLICIT OCTET STRING nonce }.
    static func nonce(from value: [UInt8]) throws -> [UInt8] {
        var reader = DERReader(value)
        let sequence = try reader.next()
        guard sequence.isSequence, reader.isAtEnd,
              let tagged = try sequence.children().first(where: { $0.isContextSpecific && $0.tagNumber == 1 }),
              let octets = try tagged.children().first, octets.isOctetString else {
            throw DERReader.failure
        }
        return Array(octets.contents)
    }
}
