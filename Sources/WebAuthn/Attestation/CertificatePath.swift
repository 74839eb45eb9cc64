import Cryptography

/// Helpers shared by the x5c-based formats.
enum CertificatePath {
    /// Parses `x5c` (leaf first); refuses an empty list, duplicates and self-signed (root) certificates.
    ///
    /// With `droppingTrailingRoot` (android-key, whose platform always appends Google's root) a final
    /// self-signed certificate is removed instead of refused: it is never used as a trust anchor.
    static func parse(_ value: CBORValue?, format: String, droppingTrailingRoot: Bool = false) throws -> [Certificate] {
        guard let items = value?.arrayValue, !items.isEmpty else {
            throw WebAuthnError(.attestationInvalid, "\(format): x5c missing or empty")
        }
        var certificates = [Certificate]()
        for item in items {
            guard let der = item.bytesValue, let certificate = try? Certificate(derRepresentation: der) else {
                throw WebAuthnError(.attestationInvalid, "\(format): x5c entry is not a certificate")
            }
            certificates.append(certificate)
        }
        if droppingTrailingRoot, certificates.count > 1, let last = certificates.last, last.subject == last.issuer {
            certificates.removeLast()
        }
        try checkShape(certificates, format: format)
        return certificates
    }

    /// Refuses duplicates, and self-issued certificates above the leaf (the root must come from the trust store).
    static func checkShape(_ certificates: [Certificate], format: String) throws {
        let fingerprints = Set(certificates.map { $0.sha256Fingerprint })
        guard fingerprints.count == certificates.count else {
            throw WebAuthnError(.attestationInvalid, "\(format): x5c contains duplicates")
        }
        for certificate in certificates.dropFirst() where certificate.subject == certificate.issuer {
            throw WebAuthnError(.attestationInvalid, "\(format): x5c contains a self-signed root")
        }
    }

    /// Lowercase hex SHA-1 of a certificate's subjectPublicKey BIT STRING contents.
    static func keyIdentifier(_ certificate: Certificate) -> String {
        Hex.encode(Digest.hash(certificate.subjectPublicKeyBytes, using: .sha1)).lowercased()
    }

    /// The leaf's public key, or an attestationInvalid error.
    static func leafKey(_ certificates: [Certificate], format: String) throws -> PublicKey {
        guard let key = try? certificates[0].publicKey() else {
            throw WebAuthnError(.attestationInvalid, "\(format): leaf public key unusable")
        }
        return key
    }
}
