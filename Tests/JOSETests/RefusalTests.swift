import Cryptography
import JOSE
import Testing

@Suite("Refusals: tampering, keys, algorithms, malformed input")
struct RefusalTests {
    @Test("tampered header, payload or signature is refused", arguments: [0, 1, 2])
    func tampered(part: Int) throws {
        let key = try TestKey(.es256)
        let token = try key.sign("{\"sub\":\"alice\"}")
        var parts = token.split(separator: ".").map(String.init)
        switch part {
        case 0:
            parts[0] = Base64URL.encode(Array(#"{"alg":"ES256","kid":"k1","typ":"JWT"}"#.utf8))
        case 1:
            parts[1] = Base64URL.encode(Array("{\"sub\":\"mallory\"}".utf8))
        default:
            var signature = try Base64URL.decode(parts[2])
            signature[10] ^= 0x40
            parts[2] = Base64URL.encode(signature)
        }
        let jws = try UnverifiedJWS(compact: parts.joined(separator: "."))
        #expect(throws: JOSEError(.invalidSignature, "")) { try jws.verify(with: key.jwk, allowedAlgorithms: allAlgorithms) }
    }

    @Test("wrong kid and missing kid are refused; no fallback key")
    func keyIDs() throws {
        let key = try TestKey(.es256, kid: "k1")
        let set = try JWKSet(keys: [key.jwk])
        let wrong = try UnverifiedJWS(compact: key.sign("{}", kid: "k2"))
        #expect(throws: JOSEError(.unknownKey, "")) { try wrong.verify(with: key.jwk, allowedAlgorithms: allAlgorithms) }
        #expect(throws: JOSEError(.unknownKey, "")) { try wrong.verify(using: set, allowedAlgorithms: allAlgorithms) }
        let missing = try UnverifiedJWS(compact: key.sign("{}", kid: nil))
        #expect(throws: JOSEError(.missingKeyID, "")) { try missing.verify(with: key.jwk, allowedAlgorithms: allAlgorithms) }
        #expect(throws: JOSEError(.missingKeyID, "")) { try missing.verify(using: set, allowedAlgorithms: allAlgorithms) }
        // A JWK without a kid verifies nothing.
        let anonymous = try JWK(publicKey: key.signing.publicKey, keyID: nil)
        let good = try UnverifiedJWS(compact: key.sign("{}"))
        #expect(throws: JOSEError(.unknownKey, "")) { try good.verify(with: anonymous, allowedAlgorithms: allAlgorithms) }
    }

    @Test("the algorithm must fit the key: curve, family, the key's own alg and use")
    func algorithmMismatch() throws {
        let p384 = try TestKey(.es384, kid: "k1")
        let p256 = try TestKey(.es256, kid: "k1")
        let ed = try TestKey(.ed25519, kid: "k1")
        let token = try UnverifiedJWS(compact: p384.sign("{}"))
        let looseP256 = try JWK(publicKey: p256.signing.publicKey, keyID: "k1")
        #expect(throws: JOSEError(.algorithmMismatch, "")) { try token.verify(with: looseP256, allowedAlgorithms: allAlgorithms) }
        let looseEd = try JWK(publicKey: ed.signing.publicKey, keyID: "k1")
        #expect(throws: JOSEError(.algorithmMismatch, "")) { try token.verify(with: looseEd, allowedAlgorithms: allAlgorithms) }
        // The right key, pinned to another alg by its JWK.
        let json = p384.jwk.jsonText.replacingOccurrences(of: "\"ES384\"", with: "\"ES256\"")
        #expect(throws: JOSEError(.algorithmMismatch, "")) { try JWK(json: Array(json.utf8)) }
        let encryption = try JWK(publicKey: p384.signing.publicKey, keyID: "k1", use: "enc")
        #expect(throws: JOSEError(.algorithmMismatch, "")) { try token.verify(with: encryption, allowedAlgorithms: allAlgorithms) }
        // Not on the allow-list.
        #expect(throws: JOSEError(.unsupportedAlgorithm, "")) { try token.verify(with: p384.jwk, allowedAlgorithms: [.es256]) }
    }

    static let malformedInputs: [String] = [
        "",
        "abc",
        "eyJhbGciOiJFUzI1NiJ9.e30",  // two parts
        "eyJhbGciOiJFUzI1NiJ9.e30.AQID.AQID",  // four parts
        "eyJhbGciOiJFUzI1NiJ9..",  // empty signature
        ".e30.AQID",  // empty header
        "eyJhbGciOiJFUzI1NiJ9.e30=.AQID",  // padding
        "eyJhbGciOiJFUzI1NiJ9.e3+.AQID",  // base64, not base64url
        "eyJhbGciOiJFUzI1NiJ9.e30.AQ ID",  // whitespace
        "eyJhbGciOiJFUzI1NiJ9.e30.A",  // impossible length
        compact(header: "[\"ES256\"]"),  // header is not an object
        compact(header: "\"ES256\""),
        compact(header: "{\"alg\":\"ES256\""),  // truncated JSON
        compact(header: "{\"alg\":\"ES256\",\"alg\":\"ES256\"}"),  // duplicate member
        compact(header: "{\"alg\":\"ES256\"} x"),  // trailing data
        compact(header: "{\"alg\":256}"),  // alg not a string
        compact(header: "{\"kid\":\"k1\"}"),  // no alg
        compact(header: "{\"alg\":\"ES256\",\"kid\":7}"),  // kid not a string
        compact(header: "{\"alg\":\"ES256\",\"crit\":\"b64\"}"),
        compact(header: String(repeating: "[", count: 40) + String(repeating: "]", count: 40)),
        compact(header: "{\"alg\":\"ES\u{0}256\"}"),
    ]

    @Test("malformed compact strings are refused without a crash", arguments: malformedInputs)
    func malformed(input: String) {
        #expect(throws: JOSEError(.malformed, "")) { try UnverifiedJWS(compact: input) }
    }

    @Test("invalid UTF-8 inside the header is refused")
    func invalidUTF8() {
        let header = Array("{\"alg\":\"ES256\",\"kid\":\"".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
        let input = Base64URL.encode(header) + ".e30.AQID"
        #expect(throws: JOSEError(.malformed, "")) { try UnverifiedJWS(compact: input) }
    }

    @Test("unknown algorithms, none and HMAC are refused", arguments: ["none", "HS256", "HS512", "ES256K", "RSA-OAEP", ""])
    func unsupported(alg: String) {
        #expect(throws: JOSEError(.unsupportedAlgorithm, "")) { try UnverifiedJWS(compact: compact(header: "{\"alg\":\"\(alg)\"}")) }
    }

    @Test("critical extensions are refused; an empty crit list is tolerated")
    func critical() throws {
        #expect(throws: JOSEError(.criticalHeader, "")) {
            try UnverifiedJWS(compact: compact(header: #"{"alg":"ES256","crit":["b64"],"b64":false}"#))
        }
        _ = try UnverifiedJWS(compact: compact(header: #"{"alg":"ES256","crit":[]}"#))
    }

    @Test("huge input is refused by size before parsing")
    func huge() throws {
        let big = String(repeating: "A", count: 20_000) + ".e30.AQID"
        #expect(throws: JOSEError(.tooLarge, "")) { try UnverifiedJWS(compact: big) }
        let key = try TestKey(.es256)
        let padded = try key.sign("{\"pad\":\"" + String(repeating: "x", count: 14_000) + "\"}")
        #expect(padded.utf8.count > UnverifiedJWS.maximumCompactLength)
        #expect(throws: JOSEError(.tooLarge, "")) { try UnverifiedJWS(compact: padded) }
        _ = try UnverifiedJWS(compact: padded, maximumLength: 32 * 1024).verify(with: key.jwk, allowedAlgorithms: allAlgorithms)
    }

    @Test("error descriptions never contain the token")
    func descriptions() throws {
        let key = try TestKey(.es256)
        let token = try key.sign("{\"secret\":\"s3cr3t-payload\"}", kid: "k2")
        do {
            _ = try UnverifiedJWS(compact: token).verify(with: key.jwk, allowedAlgorithms: allAlgorithms)
            Issue.record("expected a refusal")
        } catch let error as JOSEError {
            let text = "\(error)"
            #expect(!text.contains(token.prefix(20)))
            #expect(!text.contains("s3cr3t"))
            #expect(!text.contains("k2"))
        }
    }
}
