import Cryptography
import Foundation
import GatehouseTestSupport
import JOSE
import Testing
import TokenVerifier

@Suite("Interop with PyJWT (skipped unless .build/venv exists: run scripts/python-venv.sh)",
       .enabled(if: VenvPython.available, "no .build/venv with PyJWT[crypto]; run scripts/python-venv.sh (make test does)"))
struct PyJWTInteropTests {
    @Test("our ES256 token verifies in PyJWT using only the JWKS JSON")
    func swiftToPython() throws {
        let minter = try Minter(.es256, kid: "interop-1")
        let token = try minter.token(Minter.claims(now: Date()))
        let jwks = try jwksDocument([minter.jwk])
        let script = """
        import sys, json, jwt
        token, jwks, audience, issuer = sys.argv[1:5]
        keys = jwt.PyJWKSet.from_json(jwks)
        kid = jwt.get_unverified_header(token)["kid"]
        key = next(k for k in keys.keys if k.key_id == kid)
        claims = jwt.decode(token, key.key, algorithms=["ES256"], audience=audience, issuer=issuer)
        print(json.dumps({"sub": claims["sub"], "realm": claims["realm"], "typ": jwt.get_unverified_header(token)["typ"]}, sort_keys=True))
        """
        let output = try VenvPython.run(script, arguments: [token, jwks, Minter.audience, Minter.issuer])
        #expect(output == #"{"realm": "acme", "sub": "user-42", "typ": "at+jwt"}"#)

        // And PyJWT refuses the same token once tampered with.
        var parts = token.split(separator: ".").map(String.init)
        parts[1] = Base64URL.encode(Array(JSONValue.object(Minter.claims(now: Date()) { $0["sub"] = .string("admin") }).jsonText.utf8))
        #expect(throws: VenvPython.PythonFailure.self) {
            try VenvPython.run(script, arguments: [parts.joined(separator: "."), jwks, Minter.audience, Minter.issuer])
        }
    }

    @Test("a PyJWT-signed ES256 token with a kid verifies with TokenVerifier")
    func pythonToSwift() throws {
        let script = """
        import sys, json, time, jwt
        from cryptography.hazmat.primitives.asymmetric import ec
        issuer, audience = sys.argv[1:3]
        private = ec.generate_private_key(ec.SECP256R1())
        jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(private.public_key()))
        jwk.update({"kid": "py-1", "alg": "ES256", "use": "sig"})
        now = int(time.time())
        claims = {"iss": issuer, "sub": "py-user", "aud": [audience], "iat": now, "nbf": now, "exp": now + 300,
                  "jti": "py-jti", "amr": ["pwd", "hwk"], "realm": "acme", "mfaVerifiedAt": now - 10}
        token = jwt.encode(claims, private, algorithm="ES256", headers={"kid": "py-1", "typ": "at+jwt"})
        print(json.dumps({"keys": [jwk]}))
        print(token)
        """
        let lines = try VenvPython.run(script, arguments: [Minter.issuer, Minter.audience]).split(separator: "\n")
        try #require(lines.count == 2)
        let fetcher = InMemoryJWKSFetcher()
        fetcher.serve(String(lines[0]), at: Fixture.jwksURL)
        let verifier = try TokenVerifier(configuration: TokenVerifierConfiguration(
            issuer: Minter.issuer, audience: Minter.audience, fetcher: fetcher))
        let claims = try verifier.verify(String(lines[1]))
        #expect(claims.subject == "py-user")
        #expect(claims.keyID == "py-1")
        #expect(claims.authenticationMethods == ["pwd", "hwk"])
        #expect(verifier.requireMFA(claims, maxAge: 300).isFresh)
    }
}
