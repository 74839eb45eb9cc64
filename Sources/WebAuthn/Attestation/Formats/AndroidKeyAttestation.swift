import Cryptography

/// `android-key` (§8.4): the leaf key is the credential key and its KeyDescription binds the client data.
public struct AndroidKeyAttestation: AttestationFormatVerifier {
    /// The Android key attestation extension (KeyDescription).
    static let keyDescriptionOID = "1.3.6.1.4.1.11129.2.1.17"

    /// Creates the verifier.
    public init() {}
    /// `"android-key"`.
    public var format: String { "android-key" }

    /// Verifies the signature, key match, attestationChallenge, allApplications, origin and purpose.
    public func verify(
        statement: CBORValue, authenticatorData: AuthenticatorData, rawAuthenticatorData: [UInt8],
        clientDataHash: [UInt8], context: AttestationContext
    ) throws -> UnverifiedAttestation {
        guard let credential = authenticatorData.attestedCredentialData else {
            throw WebAuthnError(.attestationInvalid, "android-key: no attested credential data")
        }
        guard let rawAlg = statement["alg"]?.intValue, let signature = statement["sig"]?.bytesValue,
              let algorithm = Int(exactly: rawAlg).flatMap(COSEAlgorithm.init(rawValue:)), algorithm != .insecureRS1 else {
            throw WebAuthnError(.attestationInvalid, "android-key: alg or sig missing or unsupported")
        }
        let certificates = try CertificatePath.parse(statement["x5c"], format: format, droppingTrailingRoot: true)
        let leafKey = try CertificatePath.leafKey(certificates, format: format)
        guard leafKey.isValidWebAuthnSignature(signature, for: rawAuthenticatorData + clientDataHash, algorithm: algorithm) else {
            throw WebAuthnError(.attestationInvalid, "android-key: signature does not verify")
        }
        guard leafKey.isSameKey(as: credential.credentialPublicKey.publicKey) else {
            throw WebAuthnError(.attestationInvalid, "android-key: certificate key differs from the credential key")
        }
        guard let value = try? certificates[0].extensionValue(oid: Self.keyDescriptionOID) else {
            throw WebAuthnError(.attestationInvalid, "android-key: KeyDescription extension missing")
        }
        try Self.checkKeyDescription(value, clientDataHash: clientDataHash)
        return UnverifiedAttestation(format: format, type: .basic, trustPath: certificates)
    }

    /// KeyDescription: challenge == clientDataHash; no allApplications; origin GENERATED and purpose SIGN (either list).
    static func checkKeyDescription(_ value: [UInt8], clientDataHash: [UInt8]) throws {
        var reader = DERReader(value)
        let description = try reader.next()
        let fields = try description.children()
        guard description.isSequence, reader.isAtEnd, fields.count >= 8, fields[4].isOctetString,
              fields[6].isSequence, fields[7].isSequence else {
            throw WebAuthnError(.attestationInvalid, "android-key: KeyDescription malformed")
        }
        guard Array(fields[4].contents) == clientDataHash else {
            throw WebAuthnError(.attestationInvalid, "android-key: attestationChallenge does not match")
        }
        let lists = try fields[6].children() + fields[7].children() // softwareEnforced ∪ teeEnforced
        guard !lists.contains(where: { $0.isContextSpecific && $0.tagNumber == 600 }) else {
            throw WebAuthnError(.attestationInvalid, "android-key: allApplications present")
        }
        var generated = false
        var signs = false
        for entry in lists where entry.isContextSpecific {
            if entry.tagNumber == 702, let origin = try entry.children().first, try origin.intValue() == 0 {
                generated = true
            }
            if entry.tagNumber == 1, let set = try entry.children().first, set.isSet {
                let purposes = try set.children().map { try $0.intValue() }
                if purposes.contains(2) { signs = true }
            }
        }
        guard generated, signs else {
            throw WebAuthnError(.attestationInvalid, "android-key: origin is not GENERATED or purpose lacks SIGN")
        }
    }
}
