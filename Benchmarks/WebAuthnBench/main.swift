import Cryptography
import Foundation
import JOSE
import WebAuthn

// Assertion verifications per second (the full §7.2 ceremony on a parsed AuthenticationResponseJSON)
// against raw ES256 verification of the same signature, in the same run.

let key = try SigningKey.generate(.es256)
guard case let .ec(_, x, y) = key.publicKey.parameters else { fatalError("not an EC key") }
let coseKey: [UInt8] = [0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20] + x + [0x22, 0x58, 0x20] + y
let credentialId = [UInt8](repeating: 7, count: 32)
let challenge = [UInt8](repeating: 9, count: 32)
let authData = Digest.sha256(Array("example.org".utf8)) + [0x05, 0, 0, 0, 2]
let clientData = Array(#"{"type":"webauthn.get","challenge":"\#(Base64URL.encode(challenge))","origin":"https://example.org","crossOrigin":false}"#.utf8)
let message = authData + Digest.sha256(clientData)
let signature = try key.ecdsaSignature(for: message)
let responseText = """
{"id":"\(Base64URL.encode(credentialId))","rawId":"\(Base64URL.encode(credentialId))","type":"public-key",\
"response":{"clientDataJSON":"\(Base64URL.encode(clientData))","authenticatorData":"\(Base64URL.encode(authData))",\
"signature":"\(Base64URL.encode(signature.derRepresentation))","userHandle":"AQIDBA"}}
"""
let verifier = AuthenticationVerifier(policy: RelyingPartyPolicy(rpID: "example.org", allowedOrigins: ["https://example.org"]))
let stored = StoredCredential(credentialId: credentialId, publicKey: coseKey, algorithm: .es256, signCount: 1,
                              backupEligible: false, userHandle: [1, 2, 3, 4])

func rate(_ name: String, seconds: Double = 3, _ body: () throws -> Void) rethrows -> Double {
    for _ in 0..<200 { try body() } // warm-up
    var count = 0
    let start = Date()
    while Date().timeIntervalSince(start) < seconds {
        for _ in 0..<100 { try body() }
        count += 100
    }
    let perSecond = Double(count) / Date().timeIntervalSince(start)
    print(name.padding(toLength: 42, withPad: " ", startingAt: 0) + String(format: "%10.0f /s", perSecond))
    return perSecond
}

let raw = try rate("raw ES256 verify (DER, parsed key)") {
    let valid = try key.publicKey.isValidSignature(signature, for: message, algorithm: .es256)
    precondition(valid)
}
let parsed = try JSONValue(parsing: Array(responseText.utf8))
let ceremony = try rate("assertion verify (parsed JSON)") {
    let outcome = try verifier.verify(response: parsed, expectedChallenge: challenge, credential: stored)
    precondition(outcome.signCount == .increased)
}
let endToEnd = try rate("assertion verify (JSON text → outcome)") {
    let json = try JSONValue(parsing: Array(responseText.utf8))
    _ = try verifier.verify(response: json, expectedChallenge: challenge, credential: stored)
}
print(String(format: "ratio assertion/raw: %.2f (parsed JSON), %.2f (from text)", ceremony / raw, endToEnd / raw))
