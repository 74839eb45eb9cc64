import Cryptography
import Foundation
import JOSE
import WebAuthn

/// What Gatehouse keeps about a registered WebAuthn credential (public data: no secret here).
struct WebAuthnCredentialData: Codable, Equatable {
    var credentialID: String        // base64url
    var publicKey: String           // base64url COSE_Key
    var algorithm: Int              // COSE algorithm
    var signCount: UInt32
    var aaguid: String
    var backupEligible: Bool
    var userHandle: String          // base64url
    var transports: [String]
    var format: String
    var attestationType: String
    /// Whether MDS3 vouched for the model at registration (amr `hwk`; otherwise `swk`).
    var trustedModel: Bool
    /// Set when a counter regression was seen.
    var cloneSuspected = false
    /// Lowercase hex SHA-1 of each attestation certificate's key (U2F models are known by these, not by AAGUID).
    var attestationKeyIdentifiers: [String]? = nil

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array(try encoder.encode(self))
    }

    static func decode(_ bytes: [UInt8]) throws -> WebAuthnCredentialData {
        try JSONDecoder().decode(WebAuthnCredentialData.self, from: Data(bytes))
    }

    var stored: StoredCredential {
        get throws {
            StoredCredential(credentialId: try Base64URL.decode(credentialID), publicKey: try Base64URL.decode(publicKey),
                             algorithm: COSEAlgorithm(rawValue: algorithm), signCount: signCount, backupEligible: backupEligible,
                             userHandle: try Base64URL.decode(userHandle))
        }
    }

    var descriptor: CredentialDescriptor {
        get throws { CredentialDescriptor(id: try Base64URL.decode(credentialID), transports: transports) }
    }
}
