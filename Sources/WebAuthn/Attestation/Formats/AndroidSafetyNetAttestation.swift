import Cryptography
import Foundation
import JOSE

/// `android-safetynet` (§8.5): a JWS from attest.android.com whose nonce binds authData and client data.
public struct AndroidSafetyNetAttestation: AttestationFormatVerifier {
    /// How far the JWS timestamp may lie in the future, in seconds.
    public var allowedFutureSkew: TimeInterval
    /// How old the JWS timestamp may be, in seconds.
    public var maximumAge: TimeInterval

    /// A verifier with a timestamp window (default: 60 s ahead, 1 hour old).
    public init(allowedFutureSkew: TimeInterval = 60, maximumAge: TimeInterval = 3600) {
        self.allowedFutureSkew = allowedFutureSkew
        self.maximumAge = maximumAge
    }

    /// `"android-safetynet"`.
    public var format: String { "android-safetynet" }

    /// Verifies the JWS signature with its leaf, the leaf hostname, nonce, ctsProfileMatch and timestamp.
    public func verify(
        statement: CBORValue, authenticatorData: AuthenticatorData, rawAuthenticatorData: [UInt8],
        clientDataHash: [UInt8], context: AttestationContext
    ) throws -> UnverifiedAttestation {
        guard let version = statement["ver"]?.textValue, !version.isEmpty, let response = statement["response"]?.bytesValue,
              let compact = String(validating: response, as: UTF8.self),
              let jws = try? UnverifiedJWS(compact: compact, maximumLength: 64 * 1024) else {
            throw WebAuthnError(.attestationInvalid, "android-safetynet: ver or response missing or malformed")
        }
        guard let encoded = jws.headerJSON["x5c"]?.arrayValue, !encoded.isEmpty else {
            throw WebAuthnError(.attestationInvalid, "android-safetynet: JWS header has no x5c")
        }
        var certificates = [Certificate]()
        for item in encoded {
            guard let text = item.stringValue, let der = Data(base64Encoded: text),
                  let certificate = try? Certificate(derRepresentation: der) else {
                throw WebAuthnError(.attestationInvalid, "android-safetynet: x5c entry is not a certificate")
            }
            certificates.append(certificate)
        }
        try CertificatePath.checkShape(certificates, format: format)
        let leafKey = try CertificatePath.leafKey(certificates, format: format)
        guard let verified = try? jws.verify(with: leafKey, allowedAlgorithms: [.rs256, .es256]),
              let payload = try? verified.payloadJSON() else {
            throw WebAuthnError(.attestationInvalid, "android-safetynet: JWS signature does not verify with its leaf")
        }
        guard (try? certificates[0].subjectValues(oid: "2.5.4.3")) == ["attest.android.com"] else {
            throw WebAuthnError(.attestationInvalid, "android-safetynet: leaf is not attest.android.com")
        }
        let expectedNonce = Data(Digest.sha256(rawAuthenticatorData + clientDataHash)).base64EncodedString()
        guard payload["nonce"]?.stringValue == expectedNonce else {
            throw WebAuthnError(.attestationInvalid, "android-safetynet: nonce does not match")
        }
        guard payload["ctsProfileMatch"]?.boolValue == true else {
            throw WebAuthnError(.attestationInvalid, "android-safetynet: ctsProfileMatch is not true")
        }
        guard let milliseconds = payload["timestampMs"]?.numberValue else {
            throw WebAuthnError(.attestationInvalid, "android-safetynet: timestampMs missing")
        }
        let age = context.now.timeIntervalSince(Date(timeIntervalSince1970: milliseconds / 1000))
        guard age >= -allowedFutureSkew, age <= maximumAge else {
            throw WebAuthnError(.attestationInvalid, "android-safetynet: timestamp outside the accepted window")
        }
        return UnverifiedAttestation(format: format, type: .basic, trustPath: certificates)
    }
}
