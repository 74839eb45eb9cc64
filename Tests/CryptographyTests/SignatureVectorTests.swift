import Cryptography
import Testing

@Suite("Signature vectors (RFC 7515, RFC 8037)")
struct SignatureVectorTests {
    @Test("RFC 7515 A.2: RS256 verifies with the JWK n/e")
    func rfc7515RS256() throws {
        let vector = try Vectors.json("rfc7515-a2-rs256.json")
        let jwk = try vector.object("jwk_public")
        let key = try PublicKey(.rsa(modulus: jwk.b64("n"), exponent: jwk.b64("e")))
        #expect(key.type == .rsa)
        #expect(key.bits == 2048)
        let input = bytes(try vector.string("signing_input"))
        let signature = try vector.b64("signature_b64")
        #expect(try key.isValidSignature(signature, for: input, algorithm: .rs256))
        #expect(try !key.isValidSignature(signature, for: input + [0x2e], algorithm: .rs256))
        #expect(try !key.isValidSignature(signature, for: input, algorithm: .rs384))
        #expect(try !key.isValidSignature(signature, for: input, algorithm: .ps256))
        var tampered = signature
        tampered[17] ^= 0x01
        #expect(try !key.isValidSignature(tampered, for: input, algorithm: .rs256))
        #expect(throws: CryptographyError(.invalidSignatureEncoding, "")) {
            try key.isValidSignature(Array(signature.dropLast()), for: input, algorithm: .rs256)
        }
        // The SPKI round trip keeps n and e.
        let reimported = try PublicKey(subjectPublicKeyInfoDER: key.subjectPublicKeyInfoDER)
        #expect(reimported.parameters == key.parameters)
        #expect(try reimported.isValidSignature(signature, for: input, algorithm: .rs256))
    }

    @Test("RFC 7515 A.3: ES256 verifies raw R||S; the DER form converts exactly")
    func rfc7515ES256() throws {
        let vector = try Vectors.json("rfc7515-a3-es256.json")
        let jwk = try vector.object("jwk_public")
        let key = try PublicKey(.ec(curve: .p256, x: jwk.b64("x"), y: jwk.b64("y")))
        #expect(key.type == .ec(.p256))
        let input = bytes(try vector.string("signing_input"))
        let raw = try vector.b64("signature_b64")
        #expect(try key.isValidSignature(raw, for: input, algorithm: .es256))

        let parsed = try ECDSASignature(rawRepresentation: raw, curve: .p256)
        #expect(Hex.encode(parsed.r) == (try vector.string("signature_r_hex")))
        #expect(Hex.encode(parsed.s) == (try vector.string("signature_s_hex")))
        let der = try vector.object("derived_negative_cases").object("der_encoded_signature").b64("signature_b64")
        #expect(parsed.derRepresentation == der)
        let fromDER = try ECDSASignature(derRepresentation: der)
        #expect(try fromDER.rawRepresentation(for: .p256) == raw)
        #expect(try key.isValidSignature(fromDER, for: input, algorithm: .es256))

        // JOSE requires R||S: DER bytes handed over as a raw signature are refused, not verified.
        #expect(throws: CryptographyError(.invalidSignatureEncoding, "")) {
            try key.isValidSignature(der, for: input, algorithm: .es256)
        }
        let tamperedJWS = try vector.object("derived_negative_cases").object("payload_modified_last_char").string("jws_compact")
        let tamperedInput = bytes(String(tamperedJWS.split(separator: ".").prefix(2).joined(separator: ".")))
        #expect(try !key.isValidSignature(raw, for: tamperedInput, algorithm: .es256))
        #expect(Base64URL.encode(key.subjectPublicKeyInfoDER).isEmpty == false)
        #expect(key.parameters == .ec(curve: .p256, x: try jwk.b64("x"), y: try jwk.b64("y")))
    }

    @Test("RFC 7515 A.4: ES512 verifies (132-byte R||S on P-521)")
    func rfc7515ES512() throws {
        let vector = try Vectors.json("rfc7515-a4-es512.json")
        let jwk = try vector.object("jwk_public")
        let key = try PublicKey(.ec(curve: .p521, x: jwk.b64("x"), y: jwk.b64("y")))
        let input = bytes(try vector.string("signing_input"))
        let raw = try vector.b64("signature_b64")
        #expect(raw.count == 132)
        #expect(try key.isValidSignature(raw, for: input, algorithm: .es512))
        #expect(try !key.isValidSignature(raw, for: bytes("eyJhbGciOiJFUzUxMiJ9.UGF5bG9hZB"), algorithm: .es512))
        #expect(throws: CryptographyError(.algorithmMismatch, "")) {
            try key.isValidSignature(raw, for: input, algorithm: .es256)
        }
    }

    @Test("RFC 8037 A.4/A.5: Ed25519 signing reproduces the signature exactly and verifies")
    func rfc8037Ed25519() throws {
        let vector = try Vectors.json("rfc8037-ed25519.json")
        let jwk = try vector.object("jwk_private")
        let key = try SigningKey(ed25519PrivateKey: SecretBytes(jwk.b64("d")))
        #expect(key.algorithm == .ed25519)
        #expect(key.publicKey.parameters == .ed25519(x: try jwk.b64("x")))
        let input = bytes(try vector.string("signing_input"))
        let signature = try key.signature(for: input)
        #expect(Base64URL.encode(signature) == (try vector.string("signature_b64")))

        let publicKey = try PublicKey(.ed25519(x: vector.object("jwk_public").b64("x")))
        #expect(try publicKey.isValidSignature(signature, for: input, algorithm: .ed25519))
        #expect(try !publicKey.isValidSignature(signature, for: input.dropLast(), algorithm: .ed25519))
        #expect(throws: CryptographyError(.invalidSignatureEncoding, "")) {
            try publicKey.isValidSignature(signature.dropLast(), for: input, algorithm: .ed25519)
        }
    }

    @Test("RSA-PSS (salt = digest length) and Insecure RSA PKCS#1 SHA-1 verify generated vectors")
    func rsaPSS() throws {
        let vector = try Vectors.json("generated-rsa-pss-pkcs1.json")
        let key = try PublicKey(.rsa(modulus: vector.b64("n_b64url"), exponent: vector.b64("e_b64url")))
        #expect(try PublicKey(subjectPublicKeyInfoDER: vector.b64("spki_der_b64url")).parameters == key.parameters)
        let message = try vector.b64("message_b64url")
        let signatures = try vector.object("signatures")
        for (name, algorithm) in [("PS256", SignatureAlgorithm.ps256), ("PS384", .ps384), ("PS512", .ps512), ("RS256", .rs256)] {
            let signature = try signatures.b64(name)
            #expect(try key.isValidSignature(signature, for: message, algorithm: algorithm), "\(name)")
            #expect(try !key.isValidSignature(signature, for: message + [0], algorithm: algorithm), "\(name)")
        }
        #expect(try !key.isValidSignature(signatures.b64("PS256_max_salt"), for: message, algorithm: .ps256))
        let sha1 = try signatures.b64("RS1")
        #expect(try Insecure.RSAPKCS1SHA1.isValidSignature(sha1, for: message, publicKey: key))
        #expect(try !Insecure.RSAPKCS1SHA1.isValidSignature(sha1, for: message.dropFirst(), publicKey: key))
        #expect(try !key.isValidSignature(sha1, for: message, algorithm: .rs256))
    }
}
