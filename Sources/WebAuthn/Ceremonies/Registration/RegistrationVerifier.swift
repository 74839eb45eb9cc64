import Cryptography
import Foundation
import JOSE

/// Verifies a `RegistrationResponseJSON` (§7.1) and yields the credential to store.
public struct RegistrationVerifier: Sendable {
    /// The relying party's policy.
    public let policy: RelyingPartyPolicy
    /// Where attestation roots come from.
    public let trustAnchors: any AttestationTrustAnchors
    private let formats: [String: any AttestationFormatVerifier]

    /// A verifier for `policy` with `trustAnchors` and the given format verifiers (default: all implemented).
    public init(policy: RelyingPartyPolicy, trustAnchors: any AttestationTrustAnchors,
                formats: [any AttestationFormatVerifier] = AttestationFormats.all) {
        self.policy = policy
        self.trustAnchors = trustAnchors
        self.formats = Dictionary(formats.map { ($0.format, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Runs every §7.1 check at time `now`; throws `WebAuthnError` on the first failure.
    public func verify(response: JSONValue, expectedChallenge: [UInt8], now: Date) throws -> RegisteredCredential {
        let credentialId = try ResponseJSON.credentialId(response)
        let inner = response["response"]
        let clientData = try CollectedClientData(bytes: ResponseJSON.bytes(inner, "clientDataJSON"))
        try clientData.verify(type: .create, challenge: expectedChallenge, policy: policy)
        let object = try AttestationObject(bytes: ResponseJSON.bytes(inner, "attestationObject"))
        let authData = object.authenticatorData
        guard authData.matches(rpID: policy.rpID) else { throw WebAuthnError(.rpIdMismatch, "rpIdHash does not match the RP ID") }
        guard authData.flags.contains(.userPresent) else { throw WebAuthnError(.userPresenceMissing, "UP flag not set") }
        if policy.requiresUserVerification && !authData.flags.contains(.userVerified) {
            throw WebAuthnError(.userVerificationMissing, "UV flag not set")
        }
        guard let attested = authData.attestedCredentialData else {
            throw WebAuthnError(.malformedAuthenticatorData, "no attested credential data")
        }
        guard attested.credentialId == credentialId else {
            throw WebAuthnError(.credentialIdMismatch, "rawId differs from the credential id in authenticator data")
        }
        let key = attested.credentialPublicKey
        guard policy.allowedAlgorithms.contains(key.algorithm) else {
            throw WebAuthnError(.unsupportedAlgorithm, "algorithm \(key.algorithm.rawValue) is not allowed")
        }
        guard let verifier = formats[object.format] else {
            throw WebAuthnError(.unsupportedFormat, "attestation format \(object.format) is not supported")
        }
        let unverified = try verifier.verify(
            statement: object.statement, authenticatorData: authData, rawAuthenticatorData: object.rawAuthenticatorData,
            clientDataHash: clientData.hash, context: AttestationContext(now: now))
        let evaluator = AttestationTrustEvaluator(anchors: trustAnchors, requirement: policy.attestationRequirement)
        let trusted = try evaluator.evaluate(unverified, aaguid: attested.aaguidString, now: now)
        return RegisteredCredential(
            credentialId: credentialId, publicKey: key.rawRepresentation, algorithm: key.algorithm,
            signCount: authData.signCount, aaguid: attested.aaguidString,
            backupEligible: authData.flags.contains(.backupEligible), backupState: authData.flags.contains(.backupState),
            userVerified: authData.flags.contains(.userVerified), transports: Self.transports(inner),
            authenticatorAttachment: response["authenticatorAttachment"]?.stringValue, attestation: trusted)
    }

    private static func transports(_ inner: JSONValue?) -> [String] {
        (inner?["transports"]?.arrayValue ?? []).compactMap(\.stringValue)
    }
}
