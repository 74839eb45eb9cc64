import Cryptography
import JOSE
import Testing

@Suite("JWK and JWKS parsing")
struct JWKTests {
    static let p256 = #"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","kid":"a"}"#

    @Test("private members are refused in a JWK and in a JWKS", arguments: ["d", "p", "q", "dp", "dq", "qi", "k"])
    func privateMembers(member: String) {
        let jwk = String(Self.p256.dropLast()) + ",\"\(member)\":\"AQAB\"}"
        #expect(throws: JOSEError(.privateKeyMaterial, "")) { try JWK(json: Array(jwk.utf8)) }
        #expect(throws: JOSEError(.privateKeyMaterial, "")) { try JWKSet(json: Array("{\"keys\":[\(jwk)]}".utf8)) }
    }

    @Test("a JWKS skips unsupported key types and curves but keeps the rest")
    func skipsUnsupported() throws {
        let document = """
        {"keys":[{"kty":"oct","kid":"h"},{"kty":"OKP","crv":"X25519","x":"AAAA","kid":"x"},\
        {"kty":"EC","crv":"P-256K","x":"AA","y":"AA"},\(Self.p256)]}
        """
        let set = try JWKSet(json: Array(document.utf8))
        #expect(set.keys.count == 1)
        #expect(set.skippedKeyCount == 3)
        #expect(set.key(id: "a") != nil)
        #expect(set.key(id: "h") == nil)
    }

    @Test("malformed key sets are refused", arguments: [
        "{}", "{\"keys\":{}}", "[]", "{\"keys\":[\(p256),\(p256)]}",
        "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83O\"}]}",
        "{\"keys\":[{\"kty\":7}]}",
    ])
    func malformedSets(document: String) {
        #expect(throws: JOSEError.self) { try JWKSet(json: Array(document.utf8)) }
    }

    @Test("a point off the curve and a short RSA modulus are invalid keys")
    func invalidKeys() {
        let offCurve = Self.p256.replacingOccurrences(of: "x_FEzRu9", with: "x_FEzRu8")
        #expect(throws: JOSEError(.invalidKey, "")) { try JWK(json: Array(offCurve.utf8)) }
        let shortRSA = #"{"kty":"RSA","n":"AQAB","e":"AQAB"}"#
        #expect(throws: JOSEError(.invalidKey, "")) { try JWK(json: Array(shortRSA.utf8)) }
    }

    @Test("JSON parser: escapes, surrogates, numbers")
    func json() throws {
        let value = try JSONValue(parsing: Array(#"{"a":"\u00e9\ud83d\ude00\n\/","b":[1,-2.5e3,true,null],"c":{}}"#.utf8))
        #expect(value["a"] == .string("é😀\n/"))
        #expect(value["b"] == .array([.number(1), .number(-2500), .bool(true), .null]))
        #expect(value["c"] == .object([:]))
        for bad in [#"{"a":"\ud83d"}"#, "{\"a\":01}", "{\"a\":1.}", "{\"a\":-}", "{'a':1}", "{\"a\":1,}", "[1 2]", "nul"] {
            #expect(throws: JOSEError(.malformed, "")) { try JSONValue(parsing: Array(bad.utf8)) }
        }
        #expect(JSONValue.object(["z": .number(1), "a": .string("\"\u{1}")]).jsonText == #"{"a":"\"\u0001","z":1}"#)
        // Members sort by code point (UTF-8 bytes), not by String's normalising <: U+00D0 before U+212B (which
        // normalises to U+00C5), as Python's json.dumps(sort_keys=True) and RFC 7638 thumbprints expect.
        #expect(JSONValue.object(["\u{212B}": .number(1), "\u{D0}": .number(2)]).jsonText == "{\"\u{D0}\":2,\"\u{212B}\":1}")
    }
}
