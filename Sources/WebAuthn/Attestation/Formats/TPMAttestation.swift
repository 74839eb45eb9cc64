import Cryptography

/// `tpm` (§8.3): an AIK certificate signs certInfo, which certifies pubArea, which is the credential key.
public struct TPMAttestation: AttestationFormatVerifier {
    /// TCG OIDs, DER-encoded: tpmManufacturer, tpmModel, tpmVersion, and the AIK key purpose.
    static let manufacturerOID: [UInt8] = [0x67, 0x81, 0x05, 0x02, 0x01]
    static let modelOID: [UInt8] = [0x67, 0x81, 0x05, 0x02, 0x02]
    static let versionOID: [UInt8] = [0x67, 0x81, 0x05, 0x02, 0x03]
    static let aikPurposeOID: [UInt8] = [0x67, 0x81, 0x05, 0x08, 0x03]

    /// Creates the verifier.
    public init() {}
    /// `"tpm"`.
    public var format: String { "tpm" }

    /// Verifies pubArea against the credential key, certInfo's bindings, the signature and the AIK certificate.
    public func verify(
        statement: CBORValue, authenticatorData: AuthenticatorData, rawAuthenticatorData: [UInt8],
        clientDataHash: [UInt8], context: AttestationContext
    ) throws -> UnverifiedAttestation {
        guard let credential = authenticatorData.attestedCredentialData else {
            throw WebAuthnError(.attestationInvalid, "tpm: no attested credential data")
        }
        guard statement["ver"]?.textValue == "2.0", let rawAlg = statement["alg"]?.intValue,
              let algorithm = Int(exactly: rawAlg).flatMap(COSEAlgorithm.init(rawValue:)), let digest = algorithm.digest,
              let signature = statement["sig"]?.bytesValue, let rawCertInfo = statement["certInfo"]?.bytesValue,
              let rawPubArea = statement["pubArea"]?.bytesValue else {
            throw WebAuthnError(.attestationInvalid, "tpm: ver, alg, sig, certInfo or pubArea missing or unsupported")
        }
        let pubArea = try TPMPublicArea(rawPubArea)
        guard pubArea.matches(credential.credentialPublicKey.publicKey) else {
            throw WebAuthnError(.attestationInvalid, "tpm: pubArea key differs from the credential key")
        }
        let certInfo = try TPMCertifyInfo(rawCertInfo)
        guard certInfo.extraData == Digest.hash(rawAuthenticatorData + clientDataHash, using: digest) else {
            throw WebAuthnError(.attestationInvalid, "tpm: extraData does not bind authData and client data")
        }
        guard let nameDigest = TPMAlgorithm.digest(pubArea.nameAlgorithm) else {
            throw WebAuthnError(.attestationInvalid, "tpm: unsupported name algorithm")
        }
        let nameAlg = TPMPublicArea.minimalBytes(pubArea.nameAlgorithm)
        let expectedName = (nameAlg.count == 1 ? [0] + nameAlg : nameAlg) + Digest.hash(rawPubArea, using: nameDigest)
        guard certInfo.attestedName == expectedName else {
            throw WebAuthnError(.attestationInvalid, "tpm: attested name does not match pubArea")
        }
        let certificates = try CertificatePath.parse(statement["x5c"], format: format)
        let aikKey = try CertificatePath.leafKey(certificates, format: format)
        guard aikKey.isValidWebAuthnSignature(signature, for: rawCertInfo, algorithm: algorithm) else {
            throw WebAuthnError(.attestationInvalid, "tpm: signature over certInfo does not verify")
        }
        try Self.checkAIK(certificates[0], aaguid: credential.aaguid)
        return UnverifiedAttestation(format: format, type: .attCA, trustPath: certificates)
    }

    /// §8.3.1: v3, empty subject, SAN with TCG manufacturer/model/version, AIK purpose, not a CA, AAGUID extension.
    static func checkAIK(_ aik: Certificate, aaguid: [UInt8]) throws {
        guard aik.version == 3, aik.subject.isEmpty else {
            throw WebAuthnError(.attestationInvalid, "tpm: AIK certificate is not v3 with an empty subject")
        }
        guard let san = try? aik.extensionValue(oid: "2.5.29.17") else {
            throw WebAuthnError(.attestationInvalid, "tpm: AIK certificate has no subject alternative name")
        }
        var oids = Set<[UInt8]>()
        try collectAttributeTypes(san[...], into: &oids)
        guard oids.isSuperset(of: [manufacturerOID, modelOID, versionOID]) else {
            throw WebAuthnError(.attestationInvalid, "tpm: SAN lacks TPM manufacturer, model or version")
        }
        guard let eku = try? aik.extensionValue(oid: "2.5.29.37") else {
            throw WebAuthnError(.attestationInvalid, "tpm: AIK certificate has no extended key usage")
        }
        var purposes = Set<[UInt8]>()
        try collectOIDs(eku[...], into: &purposes)
        guard purposes.contains(aikPurposeOID) else {
            throw WebAuthnError(.attestationInvalid, "tpm: AIK certificate lacks key purpose 2.23.133.8.3")
        }
        guard aik.isCertificateAuthority != true else {
            throw WebAuthnError(.attestationInvalid, "tpm: AIK certificate is a CA")
        }
        try PackedAttestation.checkAAGUIDExtension(aik, aaguid: aaguid, format: "tpm")
    }

    /// Collects the type OID of every `SEQUENCE { OID, value }` anywhere in the DER (covers both SAN layouts).
    static func collectAttributeTypes(_ der: ArraySlice<UInt8>, into oids: inout Set<[UInt8]>, depth: Int = 0) throws {
        guard depth < 12 else { throw DERReader.failure }
        var reader = DERReader(der)
        while !reader.isAtEnd {
            let element = try reader.next()
            guard element.constructed else { continue }
            let children = try element.children()
            if children.count == 2, children[0].tagClass == 0, children[0].tagNumber == 6 {
                oids.insert(Array(children[0].contents))
            }
            try collectAttributeTypes(element.contents, into: &oids, depth: depth + 1)
        }
    }

    /// Collects every OID in a (flat) DER SEQUENCE such as ExtKeyUsageSyntax.
    static func collectOIDs(_ der: ArraySlice<UInt8>, into oids: inout Set<[UInt8]>) throws {
        var reader = DERReader(der)
        let sequence = try reader.next()
        for child in try sequence.children() where child.tagClass == 0 && child.tagNumber == 6 {
            oids.insert(Array(child.contents))
        }
    }
}
