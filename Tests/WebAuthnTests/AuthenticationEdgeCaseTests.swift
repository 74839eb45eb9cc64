import Cryptography
import JOSE
import Testing
import WebAuthn
import WebAuthnTestSupport

@Suite struct AuthenticationEdgeCaseTests {
    let authenticator = TestAuthenticator()
    let challenge = [UInt8](repeating: 9, count: 32)

    func verify(stored: UInt32, received: UInt32, backupEligible: Bool = false, flags: UInt8 = 0x05) throws -> AuthenticationOutcome {
        try AuthenticationVerifier(policy: authenticator.policy).verify(
            response: authenticator.assertion(challenge: challenge, flags: flags, signCount: received),
            expectedChallenge: challenge, credential: authenticator.stored(signCount: stored, backupEligible: backupEligible),
            allowCredentials: [authenticator.credentialId])
    }

    @Test func bothCountersZeroIsNormal() throws {
        let outcome = try verify(stored: 0, received: 0)
        #expect(outcome.signCount == .notSupported)
        #expect(outcome.newSignCount == 0)
    }

    @Test func increasingCounterIsAcceptedAndStored() throws {
        let outcome = try verify(stored: 5, received: 6)
        #expect(outcome.signCount == .increased)
        #expect(outcome.newSignCount == 6)
    }

    @Test(arguments: [(5, 0), (5, 5), (5, 3), (0, 0xffff_ffff as UInt32) ] as [(UInt32, UInt32)])
    func counterRegressionIsAValueAndNeverLowersTheStoredCount(_ stored: UInt32, _ received: UInt32) throws {
        let outcome = try verify(stored: stored, received: received)
        if received > stored {
            #expect(outcome.signCount == .increased)
        } else {
            #expect(outcome.signCount == .counterRegression(stored: stored, received: received))
        }
        #expect(outcome.newSignCount == max(stored, received))
    }

    @Test func backupStateWithoutEligibilityIsRefused() {
        #expect(throws: WebAuthnError(.backupStateInvalid, "")) { try verify(stored: 0, received: 0, backupEligible: false, flags: 0x15) }
    }

    @Test func backupEligibilityMustNotChange() throws {
        #expect(throws: WebAuthnError(.backupStateInvalid, "")) { try verify(stored: 0, received: 0, backupEligible: true, flags: 0x05) }
        #expect(throws: WebAuthnError(.backupStateInvalid, "")) { try verify(stored: 0, received: 0, backupEligible: false, flags: 0x0d) }
        // BS may change while BE stays.
        #expect(try verify(stored: 0, received: 0, backupEligible: true, flags: 0x1d).backupState)
        #expect(try !verify(stored: 0, received: 0, backupEligible: true, flags: 0x0d).backupState)
    }

    @Test func userPresenceAndVerification() throws {
        #expect(throws: WebAuthnError(.userPresenceMissing, "")) { try verify(stored: 0, received: 0, flags: 0x04) }
        var policy = authenticator.policy
        policy.requiresUserVerification = true
        let response = authenticator.assertion(challenge: challenge, flags: 0x01, signCount: 1)
        #expect(throws: WebAuthnError(.userVerificationMissing, "")) {
            try AuthenticationVerifier(policy: policy).verify(response: response, expectedChallenge: challenge,
                                                              credential: authenticator.stored(signCount: 0), allowCredentials: [authenticator.credentialId])
        }
    }

    @Test func wrongChallengeOriginTypeAndRPAreRefused() {
        let verifier = AuthenticationVerifier(policy: authenticator.policy)
        let credential = authenticator.stored(signCount: 0)
        func check(_ response: JSONValue, _ code: WebAuthnError.Code, expected: [UInt8]? = nil) {
            #expect(throws: WebAuthnError(code, "")) {
                try verifier.verify(response: response, expectedChallenge: expected ?? challenge, credential: credential,
                                    allowCredentials: [authenticator.credentialId])
            }
        }
        check(authenticator.assertion(challenge: challenge, signCount: 1), .clientDataMismatch, expected: [UInt8](repeating: 8, count: 32))
        var other = authenticator
        other.origin = "https://example.org:8443"
        check(other.assertion(challenge: challenge, signCount: 1), .clientDataMismatch)
        other.origin = "http://example.org"
        check(other.assertion(challenge: challenge, signCount: 1), .clientDataMismatch)
        check(authenticator.assertion(challenge: challenge, signCount: 1,
                                      clientData: authenticator.clientData(type: "webauthn.create", challenge: challenge)), .clientDataMismatch)
        check(authenticator.assertion(challenge: challenge, signCount: 1,
                                      clientData: authenticator.clientData(type: "webauthn.get", challenge: challenge, extra: #","crossOrigin":true"#)),
              .clientDataMismatch)
        var elsewhere = authenticator
        elsewhere.rpID = "evil.example"
        check(elsewhere.assertion(challenge: challenge, signCount: 1), .rpIdMismatch)
    }

    @Test func topOriginNeedsTheAllowList() throws {
        let client = authenticator.clientData(type: "webauthn.get", challenge: challenge,
                                              extra: #","crossOrigin":true,"topOrigin":"https://top.example""#)
        let response = authenticator.assertion(challenge: challenge, signCount: 1, clientData: client)
        var policy = authenticator.policy
        policy.allowsCrossOrigin = true
        let credential = authenticator.stored(signCount: 0)
        #expect(throws: WebAuthnError(.clientDataMismatch, "")) {
            try AuthenticationVerifier(policy: policy).verify(response: response, expectedChallenge: challenge, credential: credential,
                                                              allowCredentials: [authenticator.credentialId])
        }
        policy.allowedTopOrigins = ["https://top.example"]
        _ = try AuthenticationVerifier(policy: policy).verify(response: response, expectedChallenge: challenge, credential: credential,
                                                              allowCredentials: [authenticator.credentialId])
    }

    @Test func allowListAndUserHandle() throws {
        let verifier = AuthenticationVerifier(policy: authenticator.policy)
        let credential = authenticator.stored(signCount: 0)
        #expect(throws: WebAuthnError(.credentialNotAllowed, "")) {
            try verifier.verify(response: authenticator.assertion(challenge: challenge, signCount: 1), expectedChallenge: challenge,
                                credential: credential, allowCredentials: [[1, 2, 3]])
        }
        #expect(throws: WebAuthnError(.userHandleMismatch, "")) {
            try verifier.verify(response: authenticator.assertion(challenge: challenge, signCount: 1), expectedChallenge: challenge,
                                credential: credential)
        }
        #expect(throws: WebAuthnError(.userHandleMismatch, "")) {
            try verifier.verify(response: authenticator.assertion(challenge: challenge, signCount: 1, userHandle: [9]),
                                expectedChallenge: challenge, credential: credential)
        }
        let outcome = try verifier.verify(response: authenticator.assertion(challenge: challenge, signCount: 1, userHandle: [1, 2, 3, 4]),
                                          expectedChallenge: challenge, credential: credential)
        #expect(outcome.userHandle == [1, 2, 3, 4])
    }

    @Test func signatureByAnotherKeyIsRefused() {
        var credential = authenticator.stored(signCount: 0)
        credential.publicKey = TestAuthenticator().coseKey
        #expect(throws: WebAuthnError(.signatureInvalid, "")) {
            try AuthenticationVerifier(policy: authenticator.policy).verify(
                response: authenticator.assertion(challenge: challenge, signCount: 1), expectedChallenge: challenge,
                credential: credential, allowCredentials: [authenticator.credentialId])
        }
    }

    @Test func errorDescriptionsCarryNoChallenge() {
        do {
            _ = try verify(stored: 0, received: 0, flags: 0x04)
        } catch {
            #expect(!"\(error)".contains(Base64URL.encode(challenge)))
        }
        let json = authenticator.assertion(challenge: challenge, signCount: 1)
        do {
            _ = try AuthenticationVerifier(policy: authenticator.policy).verify(
                response: json, expectedChallenge: [1], credential: authenticator.stored(signCount: 0),
                allowCredentials: [authenticator.credentialId])
            Issue.record("wrong challenge accepted")
        } catch {
            #expect(!"\(error)".contains(Base64URL.encode(challenge)))
        }
    }
}
