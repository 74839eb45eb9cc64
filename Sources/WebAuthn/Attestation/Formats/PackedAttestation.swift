import Cryptography

/// `packed` (§8.2): self attestation, or x5c with the §8.2.1 certificate requirements.
public struct PackedAttestation: AttestationFormatVerifier {
    /// id-fido-gen-ce-aaguid.
    static let aaguidExtensionOID = "1.3.6.1.4.1.45724.1.1.4"

    /// Creates the verifier.
    public init() {}
    /// `"packed"`.
    public var format: String { "packed" }

    /// Verifies the signature over authData || clientDataHash and the certificate rules.
    public func verify(
        statement: CBORValue, authenticatorData: AuthenticatorData, rawAuthenticatorData: [UInt8],
        clientDataHash: [UInt8], context: AttestationContext
    ) throws -> UnverifiedAttestation {
        guard let credential = authenticatorData.attestedCredentialData else {
            throw WebAuthnError(.attestationInvalid, "packed: no attested credential data")
        }
        guard let rawAlg = statement["alg"]?.intValue, let signature = statement["sig"]?.bytesValue else {
            throw WebAuthnError(.attestationInvalid, "packed: alg or sig missing")
        }
        guard let algorithm = Int(exactly: rawAlg).flatMap(COSEAlgorithm.init(rawValue:)), algorithm != .insecureRS1 else {
            throw WebAuthnError(.unsupportedAlgorithm, "packed: algorithm \(rawAlg) is not supported")
        }
        let signed = rawAuthenticatorData + clientDataHash
        if statement["ecdaaKeyId"] != nil {
            throw WebAuthnError(.attestationInvalid, "packed: ECDAA is not supported")
        }
        guard statement["x5c"] != nil else {
            guard algorithm == credential.credentialPublicKey.algorithm else {
                throw WebAuthnError(.algorithmMismatch, "packed self attestation: alg differs from the credential's")
            }
            guard credential.credentialPublicKey.publicKey.isValidWebAuthnSignature(signature, for: signed, algorithm: algorithm) else {
                throw WebAuthnError(.attestationInvalid, "packed self attestation: signature does not verify")
            }
            return UnverifiedAttestation(format: format, type: .self, trustPath: [])
        }
        let certificates = try CertificatePath.parse(statement["x5c"], format: format)
        let leafKey = try CertificatePath.leafKey(certificates, format: format)
        guard leafKey.isValidWebAuthnSignature(signature, for: signed, algorithm: algorithm) else {
            throw WebAuthnError(.attestationInvalid, "packed: signature does not verify with the leaf certificate")
        }
        try Self.checkLeaf(certificates[0], aaguid: credential.aaguid, format: format)
        return UnverifiedAttestation(format: format, type: .basic, trustPath: certificates)
    }

    /// §8.2.1: version 3, subject C/O/CN and OU "Authenticator Attestation", not a CA, matching AAGUID extension.
    static func checkLeaf(_ leaf: Certificate, aaguid: [UInt8], format: String) throws {
        guard leaf.version == 3 else { throw WebAuthnError(.attestationInvalid, "\(format): leaf is not X.509 v3") }
        let ou = (try? leaf.subjectValues(oid: "2.5.4.11")) ?? []
        guard ou == ["Authenticator Attestation"] else {
            throw WebAuthnError(.attestationInvalid, "\(format): leaf subject OU is not \"Authenticator Attestation\"")
        }
        for oid in ["2.5.4.6", "2.5.4.10", "2.5.4.3"] where ((try? leaf.subjectValues(oid: oid)) ?? []).isEmpty {
            throw WebAuthnError(.attestationInvalid, "\(format): leaf subject lacks \(oid)")
        }
        guard leaf.isCertificateAuthority != true else {
            throw WebAuthnError(.attestationInvalid, "\(format): leaf is a CA certificate")
        }
        try checkAAGUIDExtension(leaf, aaguid: aaguid, format: format)
    }

    /// When the id-fido-gen-ce-aaguid extension is present it must be non-critical and equal the AAGUID.
    static func checkAAGUIDExtension(_ leaf: Certificate, aaguid: [UInt8], format: String) throws {
        guard let value = try? leaf.extensionValue(oid: aaguidExtensionOID) else { return }
        guard try leaf.isExtensionCritical(oid: aaguidExtensionOID) != true else {
            throw WebAuthnError(.attestationInvalid, "\(format): AAGUID extension is critical")
        }
        guard value.count == 18, value[0] == 0x04, value[1] == 0x10, Array(value[2...]) == aaguid else {
            throw WebAuthnError(.attestationInvalid, "\(format): AAGUID extension does not match authenticator data")
        }
    }
}
