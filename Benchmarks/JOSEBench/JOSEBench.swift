import Cryptography
import Foundation
import JOSE
import TokenVerifier

/// Token verification throughput: TokenVerifier vs raw ES256 verification vs PyJWT, one key and one token.
enum JOSEBench {
    static let issuer = "https://id.example.test/realms/acme"
    static let audience = "rcm-core"

    static func run() {
        do {
            try measureAll()
        } catch {
            FileHandle.standardError.write(Data("jose-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    private static func measureAll() throws {
        let key = try SigningKey.generate(.es256)
        let jwk = try JWK(publicKey: key.publicKey, keyID: "bench-1", algorithm: .es256)
        let jwks = try JWKSet(keys: [jwk]).jsonText
        let now = Date()
        let t = now.timeIntervalSince1970.rounded(.down)
        let claims: JSONValue = .object([
            "iss": .string(issuer), "sub": .string("user-42"), "aud": .string(audience), "exp": .number(t + 3600),
            "iat": .number(t), "nbf": .number(t), "jti": .string("bench"), "auth_time": .number(t - 60),
            "amr": .array([.string("pwd"), .string("otp")]), "acr": .string("mfa"), "realm": .string("acme"),
            "mfaVerifiedAt": .number(t - 30), "sid": .string("s-1"),
        ])
        let token = try JWS.sign(header: JWSHeader(.es256, kid: "bench-1", typ: "at+jwt"),
                                 payload: Array(claims.jsonText.utf8), key: key)
        let parsed = try UnverifiedJWS(compact: token)

        let fetcher = InMemoryJWKSFetcher()
        let configuration = TokenVerifierConfiguration(issuer: issuer, audience: audience, clock: { now }, fetcher: fetcher)
        fetcher.serve(jwks, at: try configuration.resolvedJWKSURL())
        let verifier = try TokenVerifier(configuration: configuration)
        _ = try verifier.verify(token)

        let raw = try measure { _ = try key.publicKey.isValidSignature(parsed.signature, for: parsed.signingInput, algorithm: .es256) }
        let full = try measure { _ = try verifier.verify(token) }
        let parseOnly = try measure { _ = try UnverifiedJWS(compact: token).payloadJSONForBench() }
        let python = pyJWT(token: token, jwks: jwks)

        print("| operation (ES256, one key, one token) | verifications/s | µs each | vs raw signature check |")
        print("| --- | ---: | ---: | ---: |")
        row("`PublicKey.isValidSignature` (raw R‖S)", raw, raw)
        row("`TokenVerifier.verify` (parse, kid, signature, claims)", full, raw)
        row("JOSE parse + claims JSON only (no signature)", parseOnly, raw)
        if let python {
            row("PyJWT `jwt.decode` (same token, same key)", python, raw)
        } else {
            print("| PyJWT `jwt.decode` | skipped: run scripts/python-venv.sh | | |")
        }
    }

    /// Operations per second over about 1.5 s after a short warm-up.
    private static func measure(_ body: () throws -> Void) throws -> Double {
        for _ in 0..<200 { try body() }
        var count = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed: UInt64 = 0
        while elapsed < 1_500_000_000 {
            for _ in 0..<100 { try body() }
            count += 100
            elapsed = DispatchTime.now().uptimeNanoseconds - start
        }
        return Double(count) / (Double(elapsed) / 1e9)
    }

    private static func row(_ name: String, _ rate: Double, _ baseline: Double) {
        print("| \(name) | \(Int(rate.rounded())) | \(String(format: "%.1f", 1e6 / rate)) | \(String(format: "%.2f", rate / baseline)) |")
    }

    /// PyJWT's own decode loop, timed inside Python; nil when the venv is missing.
    private static func pyJWT(token: String, jwks: String) -> Double? {
        let python = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return nil }
        let script = """
        import sys, time, jwt
        token, jwks, audience, issuer = sys.argv[1:5]
        key = jwt.PyJWKSet.from_json(jwks)["bench-1"].key
        decode = lambda: jwt.decode(token, key, algorithms=["ES256"], audience=audience, issuer=issuer)
        for _ in range(200): decode()
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < 1.5:
            for _ in range(100): decode()
            n += 100
        print(n / (time.perf_counter() - start))
        """
        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", script, token, jwks, audience, issuer]
        let output = Pipe()
        process.standardOutput = output
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

extension UnverifiedJWS {
    /// Parses the payload as JSON, as the verifier does after the signature check.
    fileprivate func payloadJSONForBench() throws -> JSONValue {
        try JSONValue(parsing: payload)
    }
}
