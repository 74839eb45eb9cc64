import Foundation
import Testing
import WebAuthn

/// Runs a registration vector and names the outcome: "accept" or the error code.
func registrationOutcome(_ vector: VectorCase, allowCrossOrigin: Bool = false) -> (String, RegisteredCredential?) {
    let verifier = RegistrationVerifier(policy: vector.policy(allowCrossOrigin: allowCrossOrigin), trustAnchors: VectorCase.anchors)
    do {
        let credential = try verifier.verify(response: vector.response, expectedChallenge: vector.challenge, now: vector.time)
        return ("accept", credential)
    } catch let error as WebAuthnError {
        return (error.code.description, nil)
    } catch {
        return ("unexpected \(error)", nil)
    }
}

@Suite struct RegistrationVectorTests {
    @Test(arguments: VectorCase.all(kind: "registration"))
    func vectorGivesItsExpectedOutcome(_ path: String) throws {
        let vector = VectorCase.load(path)
        let (outcome, credential) = registrationOutcome(vector)
        let expected = RegistrationExpectations.outcome(for: path, vector: vector)
        #expect(outcome == expected, "\(path): \(vector.expectedResult)")
        if let credential {
            #expect(credential.attestation.format == vector.json["expected"]?["attestationFormat"]?.stringValue
                ?? credential.attestation.format)
            if let signCount = vector.json["expected"]?["signCount"]?.numberValue {
                #expect(Double(credential.signCount) == signCount)
            }
            if vector.chainVerifiedIndependently {
                #expect(credential.attestation.reachedAnchor, "\(path): \(credential.attestation.chainStatus)")
            }
        }
    }
}
