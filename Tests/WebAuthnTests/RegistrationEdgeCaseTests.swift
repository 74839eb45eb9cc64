import Cryptography
import Foundation
import JOSE
import Testing
import WebAuthn
import WebAuthnTestSupport

@Suite struct RegistrationEdgeCaseTests {
    let authenticator = TestAuthenticator()
    let challenge = [UInt8](repeating: 3, count: 32)
    let now = Date(timeIntervalSince1970: 1_750_000_000)

    func register(_ response: JSONValue, policy: RelyingPartyPolicy? = nil,
                  anchors: InMemoryTrustAnchors = InMemoryTrustAnchors()) throws -> RegisteredCredential {
        try RegistrationVerifier(policy: policy ?? authenticator.policy, trustAnchors: anchors)
            .verify(response: response, expectedChallenge: challenge, now: now)
    }

    @Test func noneAttestationRegisters() throws {
        let credential = try register(authenticator.registration(challenge: challenge))
        #expect(credential.credentialId == authenticator.credentialId)
        #expect(credential.algorithm == .es256)
        #expect(credential.attestation.type == .none)
        #expect(credential.attestation.chainStatus == .notApplicable)
        #expect(credential.aaguid == "00000000-0000-0000-0000-000000000000")
    }

    @Test func rawIdMismatchIsRefused() {
        #expect(throws: WebAuthnError(.credentialIdMismatch, "")) {
            try register(authenticator.registration(challenge: challenge, rawId: [1, 2, 3]))
        }
    }

    @Test func credentialIdInAuthDataMustEqualRawId() {
        var other = authenticator
        other.credentialId = [5, 5, 5]
        let object = other.attestationObject(authData: other.authenticatorData(flags: 0x05, signCount: 0, attested: true))
        #expect(throws: WebAuthnError(.credentialIdMismatch, "")) {
            try register(authenticator.registration(challenge: challenge, attestationObject: object))
        }
    }

    @Test func credentialIdLengthIsBounded() throws {
        var long = authenticator
        long.credentialId = [UInt8](repeating: 1, count: 1023)
        let accepted = try register(long.registration(challenge: challenge))
        #expect(accepted.credentialId.count == 1023)
        long.credentialId = [UInt8](repeating: 1, count: 1024)
        #expect(throws: WebAuthnError(.malformedAuthenticatorData, "")) { try register(long.registration(challenge: challenge)) }
    }

    @Test func trailingBytesAreRefused() {
        let authData = authenticator.authenticatorData(flags: 0x05, signCount: 0, attested: true)
        #expect(throws: WebAuthnError(.malformedAuthenticatorData, "")) {
            try register(authenticator.registration(challenge: challenge, attestationObject: authenticator.attestationObject(authData: authData + [0])))
        }
        #expect(throws: WebAuthnError(.malformedCBOR, "")) {
            try register(authenticator.registration(challenge: challenge, attestationObject: authenticator.attestationObject(authData: authData) + [0]))
        }
        #expect(throws: WebAuthnError(.malformedAuthenticatorData, "")) { try AuthenticatorData(bytes: [UInt8](repeating: 0, count: 38)) }
    }

    @Test func flagsAndPolicyChecks() {
        #expect(throws: WebAuthnError(.userPresenceMissing, "")) { try register(authenticator.registration(challenge: challenge, flags: 0x04)) }
        #expect(throws: WebAuthnError(.backupStateInvalid, "")) { try register(authenticator.registration(challenge: challenge, flags: 0x15)) }
        var policy = authenticator.policy
        policy.requiresUserVerification = true
        #expect(throws: WebAuthnError(.userVerificationMissing, "")) {
            try register(authenticator.registration(challenge: challenge, flags: 0x01), policy: policy)
        }
        policy = authenticator.policy
        policy.allowedAlgorithms = [.edDSA]
        #expect(throws: WebAuthnError(.unsupportedAlgorithm, "")) { try register(authenticator.registration(challenge: challenge), policy: policy) }
        let crossOrigin = authenticator.clientData(type: "webauthn.create", challenge: challenge, extra: #","crossOrigin":true"#)
        #expect(throws: WebAuthnError(.clientDataMismatch, "")) {
            try register(authenticator.registration(challenge: challenge, clientData: crossOrigin))
        }
        let get = authenticator.clientData(type: "webauthn.get", challenge: challenge)
        #expect(throws: WebAuthnError(.clientDataMismatch, "")) { try register(authenticator.registration(challenge: challenge, clientData: get)) }
    }

    @Test func unknownFormatAndNonEmptyNoneStatement() {
        let authData = authenticator.authenticatorData(flags: 0x05, signCount: 0, attested: true)
        #expect(throws: WebAuthnError(.unsupportedFormat, "")) {
            try register(authenticator.registration(challenge: challenge,
                                                    attestationObject: authenticator.attestationObject(authData: authData, format: "x-custom")))
        }
        #expect(throws: WebAuthnError(.attestationInvalid, "")) {
            try register(authenticator.registration(challenge: challenge, attestationObject: authenticator.attestationObject(
                authData: authData, statement: .map([.text("x"): .null]))))
        }
    }

    @Test func packedSelfAttestationRequiresTheCredentialAlgorithmAndSignature() throws {
        let authData = authenticator.authenticatorData(flags: 0x05, signCount: 0, attested: true)
        let clientData = authenticator.clientData(type: "webauthn.create", challenge: challenge)
        let signature = try authenticator.key.ecdsaSignature(for: authData + Digest.sha256(clientData)).derRepresentation
        func statement(_ alg: Int64, _ sig: [UInt8]) -> [UInt8] {
            authenticator.attestationObject(authData: authData, format: "packed",
                                            statement: .map([.text("alg"): TestCBOR.int(alg), .text("sig"): .bytes(sig)]))
        }
        let credential = try register(authenticator.registration(challenge: challenge, attestationObject: statement(-7, signature)))
        #expect(credential.attestation.type == .self)
        #expect(throws: WebAuthnError(.algorithmMismatch, "")) {
            try register(authenticator.registration(challenge: challenge, attestationObject: statement(-257, signature)))
        }
        var flipped = signature
        flipped[flipped.count - 1] ^= 1
        #expect(throws: WebAuthnError(.attestationInvalid, "")) {
            try register(authenticator.registration(challenge: challenge, attestationObject: statement(-7, flipped)))
        }
    }

    @Test func requireTrustedChainRefusesUnattestedCredentials() {
        var policy = authenticator.policy
        policy.attestationRequirement = .requireTrustedChain
        #expect(throws: WebAuthnError(.untrustedAttestation, "")) { try register(authenticator.registration(challenge: challenge), policy: policy) }
    }

    @Test func chainToTheWrongAnchorIsRefusedByDefaultAndRecordedOtherwise() throws {
        let vector = VectorCase.load("w3c-spec/packed-es256.registration.json")
        let wrongRoot = try Certificate.certificates(fromPEM: String(contentsOf: VectorCase.directory.appendingPathComponent(
            "real-devices/roots/yubico-u2f-root-ca-serial-457200631.pem"), encoding: .utf8))
        var policy = vector.policy()
        policy.attestationRequirement = .refuseFailedChains
        #expect(throws: WebAuthnError(.untrustedAttestation, "")) {
            try RegistrationVerifier(policy: policy, trustAnchors: InMemoryTrustAnchors(roots: wrongRoot))
                .verify(response: vector.response, expectedChallenge: vector.challenge, now: now)
        }
        policy.attestationRequirement = .recordOnly
        let recorded = try RegistrationVerifier(policy: policy, trustAnchors: InMemoryTrustAnchors(roots: wrongRoot))
            .verify(response: vector.response, expectedChallenge: vector.challenge, now: now)
        #expect(!recorded.attestation.reachedAnchor)
        // No anchors known for the model: accepted, marked as such.
        policy.attestationRequirement = .refuseFailedChains
        let unknown = try RegistrationVerifier(policy: policy, trustAnchors: InMemoryTrustAnchors())
            .verify(response: vector.response, expectedChallenge: vector.challenge, now: now)
        #expect(unknown.attestation.chainStatus == .noAnchors)
        #expect(unknown.attestation.attestationKeyIdentifiers.count == 1)
        #expect(unknown.attestation.attestationKeyIdentifiers[0].count == 40)
    }

    @Test func expiredAttestationCertificateIsNotTrusted() throws {
        let vector = VectorCase.load("w3c-spec/packed-es256.registration.json")
        var policy = vector.policy()
        policy.attestationRequirement = .refuseFailedChains
        let before = ISO8601DateFormatter().date(from: "2023-06-01T00:00:00Z")!
        #expect(throws: WebAuthnError(.untrustedAttestation, "")) {
            try RegistrationVerifier(policy: policy, trustAnchors: VectorCase.anchors)
                .verify(response: vector.response, expectedChallenge: vector.challenge, now: before)
        }
    }

    @Test(arguments: ["real-devices/fido2-net-lib/tpm-rs1-fido-conformance.json",
                      "real-devices/simplewebauthn/reg-tpm-rs1-fido-conformance.json"])
    func tpmRS1VerifiesWhenPolicyOptsInToRS1Credentials(_ path: String) throws {
        let vector = VectorCase.load(path)
        var policy = vector.policy()
        policy.allowedAlgorithms.append(.insecureRS1)
        let credential = try RegistrationVerifier(policy: policy, trustAnchors: VectorCase.anchors)
            .verify(response: vector.response, expectedChallenge: vector.challenge, now: vector.time)
        #expect(credential.attestation.format == "tpm")
    }
}

@Suite struct SafetyNetTimestampTests {
    @Test func staleOrFutureTimestampIsRefused() throws {
        let vector = VectorCase.load("real-devices/py_webauthn/android-safetynet-2021.json")
        for offset in [-120.0, 2 * 3600.0] {
            #expect(throws: WebAuthnError(.attestationInvalid, "")) {
                try RegistrationVerifier(policy: vector.policy(), trustAnchors: VectorCase.anchors)
                    .verify(response: vector.response, expectedChallenge: vector.challenge, now: vector.time.addingTimeInterval(offset))
            }
        }
    }
}
