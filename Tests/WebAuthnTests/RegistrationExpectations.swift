import WebAuthn

/// The outcome each registration vector must give here, with the reason wherever it differs from "accept".
enum RegistrationExpectations {
    /// Formats implemented so far; vectors of any other format must give `unsupportedFormat` (known gaps).
    static let implementedFormats = Set(AttestationFormats.all.map(\.format))

    /// Deliberate decisions for rejects, uncertain, disputed or conflicting vectors.
    static let decisions: [String: String] = [
        // Expected rejects, with the code that must refuse them.
        "real-devices/simplewebauthn/packed-aaguid-ext-mismatch.json": "attestationInvalid",
        "real-devices/simplewebauthn/tpm-fidotest-aaguid-ext-mismatch.json": "attestationInvalid",
        "real-devices/simplewebauthn/reg-android-safetynet-cts-false-2025.json": "attestationInvalid",
        // Uncertain: id/rawId differ from the credential id in authData; this RP checks, so it refuses.
        "real-devices/fido2-net-lib/apple-anonymous-ngrok.json": "credentialIdMismatch",
        // Uncertain: rawId "aaa"/"bbb" is not even canonical base64url (and differs from authData).
        "real-devices/simplewebauthn/reg-packed-self-es256.json": "malformedResponse",
        "real-devices/simplewebauthn/reg-packed-x5c-yubikey.json": "malformedResponse",
        // Uncertain (Windows-only source test): signature, AAGUID extension and chain all verify here.
        "real-devices/fido2-net-lib/packed-authentrend-atkey-pro.json": "accept",
        // Conflicts with WEBAUTHN-NOTES ("refuse an x5c that contains the root"): x5c ends in Feitian's self-signed root.
        "real-devices/fido2-net-lib/packed-feitian-biopass.json": "attestationInvalid",
        // Ed448 is outside the supported set (the brief: crv 7 / alg -53 → unsupported algorithm).
        "w3c-spec/packed-ed448.registration.json": "unsupportedAlgorithm",
        // RS1 (-65535) is accepted only inside TPM attestation statements, never as a credential algorithm.
        "real-devices/fido2-net-lib/tpm-rs1-fido-conformance.json": "unsupportedAlgorithm",
        "real-devices/simplewebauthn/reg-tpm-rs1-fido-conformance.json": "unsupportedAlgorithm",
        "real-devices/simplewebauthn/tpm-rs1-fido-conformance-localhost.json": "unsupportedAlgorithm",
        // WebAuthn L3 no longer checks tokenBinding: an L3 RP ignores the member and accepts.
        "real-devices/py_webauthn/fido-u2f-tokenbinding-not-supported.json": "accept",
        "real-devices/py_webauthn/fido-u2f-tokenbinding-string-unused.json": "accept",
        // Disputed: both authorization lists are empty, so §8.4's origin/purpose checks cannot pass.
        "w3c-spec/android-key-es256.registration.json": "attestationInvalid",
        // Uncertain (source test disabled): attestation verifies at the leaf's validity time the vector gives.
        "real-devices/simplewebauthn/apple-anonymous-ignored-test.json": "accept",
    ]

    static func format(of vector: VectorCase) -> String? {
        if let format = vector.json["expected"]?["attestationFormat"]?.stringValue { return format }
        return vector.path.split(separator: "/").last.map(String.init)?.split(separator: "-").first.map(String.init)
    }

    static func outcome(for path: String, vector: VectorCase) -> String {
        let decided = decisions[path]
        // Codes raised before the format is dispatched win over a format gap.
        let early: Set<String> = ["credentialIdMismatch", "unsupportedAlgorithm", "malformedResponse"]
        if let decided, early.contains(decided) { return decided }
        if let format = format(of: vector), !implementedFormats.contains(format) { return "unsupportedFormat" }
        if let decided { return decided }
        switch vector.expectedResult {
        case let result where result.hasPrefix("accept_if_cross_origin_allowed"): return "clientDataMismatch"
        case let result where result.hasPrefix("accept"): return "accept"
        default: return "undecided: \(vector.expectedResult)"
        }
    }
}
