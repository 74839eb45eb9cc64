import Cryptography
import Foundation
import JOSE
import Testing
import WebAuthn

extension VectorCase {
    /// The credential the vector's relying party had stored.
    var storedCredential: StoredCredential {
        let key = json["credentialPublicKey"]?["cose_b64url"]?.stringValue ?? json["credential_public_key"]!["cose"]!.stringValue!
        let count = json["stored_signCount"]?.numberValue ?? json["stored_sign_count"]?.numberValue ?? 0
        let id = try! Base64URL.decode(response["rawId"]!.stringValue!.replacingOccurrences(of: "=", with: ""))
        let handle = response["response"]?["userHandle"]?.stringValue.flatMap { try? Base64URL.decode($0.replacingOccurrences(of: "=", with: "")) }
        let flags = json["expected"]?["flags"]?["BE"]?.boolValue ?? false
        return StoredCredential(credentialId: id, publicKey: try! Base64URL.decode(key), signCount: UInt32(count),
                                backupEligible: json["stored_backupEligible"]?.boolValue ?? flags, userHandle: handle)
    }
}

/// Runs an authentication vector and names the outcome: "accept", "counterRegression" or the error code.
func authenticationOutcome(_ vector: VectorCase, allowCrossOrigin: Bool = false) -> (String, AuthenticationOutcome?) {
    let credential = vector.storedCredential
    let verifier = AuthenticationVerifier(policy: vector.policy(allowCrossOrigin: allowCrossOrigin))
    do {
        let outcome = try verifier.verify(response: vector.response, expectedChallenge: vector.challenge,
                                          credential: credential, allowCredentials: [credential.credentialId])
        return (outcome.signCount.isRegression ? "counterRegression" : "accept", outcome)
    } catch let error as WebAuthnError {
        return (error.code.description, nil)
    } catch {
        return ("unexpected \(error)", nil)
    }
}

@Suite struct AuthenticationVectorTests {
    /// Codes for the expected rejects, and deliberate decisions.
    static let decisions: [String: String] = [
        "real-devices/fido2-net-lib/assertion-none-anon-localhost-1.json": "signatureInvalid",
        "real-devices/py_webauthn/auth-wrong-public-key.json": "signatureInvalid",
        "real-devices/py_webauthn/auth-uv-required-not-verified.json": "userVerificationMissing",
        "real-devices/simplewebauthn/auth-android-app-devicepubkey.json": "signatureInvalid",
        // userHandle "internalUserId" is not canonical base64url (the source treats it as a plain string).
        "real-devices/simplewebauthn/auth-es256-custom-challenge.json": "malformedResponse",
        // Ed448 keys are outside the supported set.
        "w3c-spec/packed-ed448.authentication.json": "unsupportedAlgorithm",
        // Cross-origin vectors are refused without a cross-origin policy (accepted with one: see below).
        "w3c-spec/none-es256-crossOrigin.authentication.json": "clientDataMismatch",
        "w3c-spec/none-es256-topOrigin.authentication.json": "clientDataMismatch",
    ]

    @Test(arguments: VectorCase.all(kind: "authentication"))
    func vectorGivesItsExpectedOutcome(_ path: String) throws {
        let vector = VectorCase.load(path)
        let (outcome, result) = authenticationOutcome(vector)
        let expected = Self.decisions[path] ?? (vector.expectedResult == "accept" ? "accept" : "undecided")
        #expect(outcome == expected, "\(path)")
        if let result, let signCount = vector.json["expected"]?["signCount"]?.numberValue {
            #expect(Double(result.newSignCount) == max(signCount, Double(vector.storedCredential.signCount)))
        }
    }

    @Test(arguments: ["w3c-spec/none-es256-crossOrigin.authentication.json", "w3c-spec/none-es256-topOrigin.authentication.json"])
    func crossOriginVectorIsAcceptedWhenPolicyAllowsIt(_ path: String) {
        #expect(authenticationOutcome(VectorCase.load(path), allowCrossOrigin: true).0 == "accept")
    }

    @Test(arguments: ["w3c-spec/none-es256-crossOrigin.registration.json", "w3c-spec/none-es256-topOrigin.registration.json"])
    func crossOriginRegistrationIsAcceptedWhenPolicyAllowsIt(_ path: String) {
        #expect(registrationOutcome(VectorCase.load(path), allowCrossOrigin: true).0 == "accept")
    }
}
