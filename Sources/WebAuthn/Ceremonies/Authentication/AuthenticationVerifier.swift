import Cryptography
import JOSE

/// Verifies an `AuthenticationResponseJSON` (§7.2) against a stored credential.
public struct AuthenticationVerifier: Sendable {
    /// The relying party's policy (RP ID, origins, UV).
    public let policy: RelyingPartyPolicy

    /// A verifier for `policy`.
    public init(policy: RelyingPartyPolicy) { self.policy = policy }

    /// Runs the §7.2 checks; `allowCredentials` is what the request offered (empty for discoverable credentials).
    public func verify(
        response: JSONValue, expectedChallenge: [UInt8], credential: StoredCredential, allowCredentials: [[UInt8]] = []
    ) throws -> AuthenticationOutcome {
        let credentialId = try ResponseJSON.credentialId(response)
        guard credentialId == credential.credentialId else {
            throw WebAuthnError(.credentialIdMismatch, "response names another credential")
        }
        if !allowCredentials.isEmpty && !allowCredentials.contains(credentialId) {
            throw WebAuthnError(.credentialNotAllowed, "credential was not in allowCredentials")
        }
        let inner = response["response"]
        let userHandle = try ResponseJSON.optionalBytes(inner, "userHandle")
        if let userHandle {
            guard let stored = credential.userHandle, ConstantTime.equals(stored, userHandle) else {
                throw WebAuthnError(.userHandleMismatch, "userHandle does not belong to the credential")
            }
        } else if allowCredentials.isEmpty {
            throw WebAuthnError(.userHandleMismatch, "discoverable credential assertion without userHandle")
        }
        let clientData = try CollectedClientData(bytes: ResponseJSON.bytes(inner, "clientDataJSON"))
        try clientData.verify(type: .get, challenge: expectedChallenge, policy: policy)
        let rawAuthData = try ResponseJSON.bytes(inner, "authenticatorData")
        let authData = try AuthenticatorData(bytes: rawAuthData)
        guard authData.matches(rpID: policy.rpID) else { throw WebAuthnError(.rpIdMismatch, "rpIdHash does not match the RP ID") }
        guard authData.flags.contains(.userPresent) else { throw WebAuthnError(.userPresenceMissing, "UP flag not set") }
        if policy.requiresUserVerification && !authData.flags.contains(.userVerified) {
            throw WebAuthnError(.userVerificationMissing, "UV flag not set")
        }
        guard authData.flags.contains(.backupEligible) == credential.backupEligible else {
            throw WebAuthnError(.backupStateInvalid, "backup eligibility changed since registration")
        }
        let key = try COSEKey(bytes: credential.publicKey)
        if let algorithm = credential.algorithm, algorithm != key.algorithm {
            throw WebAuthnError(.algorithmMismatch, "stored algorithm differs from the key's")
        }
        let signature = try ResponseJSON.bytes(inner, "signature")
        guard key.publicKey.isValidWebAuthnSignature(signature, for: rawAuthData + clientData.hash, algorithm: key.algorithm) else {
            throw WebAuthnError(.signatureInvalid, "assertion signature does not verify")
        }
        let check = SignCountCheck(stored: credential.signCount, received: authData.signCount)
        return AuthenticationOutcome(
            credentialId: credentialId, signCount: check, newSignCount: max(credential.signCount, authData.signCount),
            userVerified: authData.flags.contains(.userVerified), backupState: authData.flags.contains(.backupState),
            userHandle: userHandle, authenticatorData: authData)
    }
}
