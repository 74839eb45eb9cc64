import Cryptography
import JOSE
import Testing

@Suite("Our own tokens through JWK and JWKS JSON")
struct RoundTripTests {
    @Test("sign → publish JWKS JSON → parse → verify", arguments: [SignatureAlgorithm.es256, .es384, .es512, .ed25519])
    func roundTrip(algorithm: SignatureAlgorithm) throws {
        let key = try TestKey(algorithm, kid: "2025-q3")
        let other = try TestKey(.es256, kid: "2025-q2")
        let published = try JWKSet(keys: [other.jwk, key.jwk]).jsonText
        let set = try JWKSet(json: Array(published.utf8))
        #expect(set.keys == [other.jwk, key.jwk])

        let token = try key.sign("{\"sub\":\"alice\"}", kid: "2025-q3", typ: "at+jwt")
        let jws = try UnverifiedJWS(compact: token)
        #expect(jws.header == JWSHeader(JWSAlgorithm(algorithm), kid: "2025-q3", typ: "at+jwt"))
        let verified = try jws.verify(using: set, allowedAlgorithms: allAlgorithms)
        #expect(verified.keyID == "2025-q3")
        #expect(try verified.payloadJSON()["sub"] == .string("alice"))
    }

    @Test("the header is written in fixed member order alg, kid, typ")
    func headerOrder() throws {
        let key = try TestKey(.es256)
        let token = try key.sign("{}", kid: "k1", typ: "at+jwt")
        let header = try Base64URL.decode(token.split(separator: ".")[0])
        #expect(String(decoding: header, as: UTF8.self) == #"{"alg":"ES256","kid":"k1","typ":"at+jwt"}"#)
        #expect(!token.contains("="))
    }

    @Test("a JWK converts to and from PublicKey and JSON", arguments: [SignatureAlgorithm.es256, .es384, .es512, .ed25519])
    func jwkJSON(algorithm: SignatureAlgorithm) throws {
        let key = try TestKey(algorithm)
        let parsed = try JWK(json: Array(key.jwk.jsonText.utf8))
        #expect(parsed == key.jwk)
        #expect(parsed.publicKey.parameters == key.signing.publicKey.parameters)
        #expect(parsed.thumbprint() == key.jwk.thumbprint())
        #expect(parsed.use == "sig")
    }

    @Test("signing refuses a header whose alg is not the key's")
    func signMismatch() throws {
        let key = try SigningKey.generate(.es256)
        #expect(throws: JOSEError(.algorithmMismatch, "")) {
            try JWS.sign(header: JWSHeader(.es384, kid: "k"), payload: [], key: key)
        }
    }
}
