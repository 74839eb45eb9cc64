import Foundation
import GatehouseTestSupport
import Testing

@Suite("Issued tokens verify with PyJWT",
       .enabled(if: VenvPython.available, "no .build/venv with PyJWT[crypto]; run scripts/python-venv.sh (make test does)"))
struct PyJWTTests {
    @Test("an access token verifies with PyJWT using only the published JWKS")
    func verifiesWithPublishedJWKS() throws {
        let harness = try AuthHarness(.sqlite)
        try harness.createUser("pyjwt-user")
        let (tokens, _) = try harness.enrollFirstFactor("pyjwt-user")
        let jwks = try harness.get("/realms/\(harness.realm)/jwks").text
        let script = """
        import json, sys, jwt
        token, jwks, issuer = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
        kid = jwt.get_unverified_header(token)["kid"]
        key = next(jwt.PyJWK(k) for k in jwks["keys"] if k["kid"] == kid)
        claims = jwt.decode(token, key=key, algorithms=["ES256"], audience="rcm-core", issuer=issuer,
                            options={"require": ["exp", "iat", "sub", "mfaVerifiedAt"]})
        print(json.dumps({"sub": claims["sub"], "mfa": claims["mfaVerifiedAt"], "typ": jwt.get_unverified_header(token)["typ"]}))
        """
        let output = try VenvPython.run(script, arguments: [try tokens.string("access_token"), jwks,
                                                            "http://127.0.0.1:0/realms/\(harness.realm)"])
        let result = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] ?? [:]
        #expect(result["typ"] as? String == "at+jwt")
        #expect(result["mfa"] as? Int != nil)
        #expect(result["sub"] as? String == AuthHarness.claims(try tokens.string("access_token"))["sub"] as? String)
    }
}
