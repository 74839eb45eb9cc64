import Cryptography
import JOSE
import Testing

@Suite("RFC 7515 / 8037 / 7638 vectors")
struct RFCVectorTests {
    @Test("RFC 7515 A.3: ES256 verifies; DER signature, tampered payload and HS256 confusion are refused")
    func es256() throws {
        let vector = try Vectors.json("rfc7515-a3-es256.json")
        let jwk = try JWK(json: Vectors.jsonBytes(vector, "jwk_public"))
        let jws = try UnverifiedJWS(compact: vector.string("jws_compact"))
        #expect(jws.header == JWSHeader(.es256))
        #expect(jws.signingInput == Array(try vector.string("signing_input").utf8))
        let verified = try jws.verify(with: jwk.publicKey, allowedAlgorithms: [.es256])
        #expect(verified.payload == (try vector.b64("payload_b64")))
        // The RFC token has no kid: a JWK-based verification refuses it (no fallback key).
        #expect(throws: JOSEError(.missingKeyID, "")) { try jws.verify(with: jwk, allowedAlgorithms: [.es256]) }

        let negatives = try vector.object("derived_negative_cases")
        let parts = try vector.string("jws_compact").split(separator: ".")
        let der = try negatives.object("der_encoded_signature").string("signature_b64")
        let derToken = "\(parts[0]).\(parts[1]).\(der)"
        #expect(throws: JOSEError(.invalidSignature, "")) {
            try UnverifiedJWS(compact: derToken).verify(with: jwk.publicKey, allowedAlgorithms: [.es256])
        }
        let tampered = try negatives.object("payload_modified_last_char").string("jws_compact")
        #expect(throws: JOSEError(.malformed, "")) { try UnverifiedJWS(compact: tampered) }
        let confusion = try negatives.object("alg_confusion_hs256_with_public_key_pem_as_secret").string("jws_compact")
        #expect(throws: JOSEError(.unsupportedAlgorithm, "")) { try UnverifiedJWS(compact: confusion) }
    }

    @Test("RFC 7515 A.4: ES512 (P-521, 132-byte R||S) verifies")
    func es512() throws {
        let vector = try Vectors.json("rfc7515-a4-es512.json")
        let jwk = try JWK(json: Vectors.jsonBytes(vector, "jwk_public"))
        let verified = try UnverifiedJWS(compact: vector.string("jws_compact"))
            .verify(with: jwk.publicKey, allowedAlgorithms: [.es512])
        #expect(verified.payload == Array("Payload".utf8))
        #expect(throws: JOSEError(.unsupportedAlgorithm, "")) {
            try UnverifiedJWS(compact: vector.string("jws_compact")).verify(with: jwk.publicKey, allowedAlgorithms: [.es256])
        }
    }

    @Test("RFC 7515 A.2: RS256 verifies when allowed, and only then")
    func rs256() throws {
        let vector = try Vectors.json("rfc7515-a2-rs256.json")
        let jwk = try JWK(json: Vectors.jsonBytes(vector, "jwk_public"))
        let jws = try UnverifiedJWS(compact: vector.string("jws_compact"))
        _ = try jws.verify(with: jwk.publicKey, allowedAlgorithms: [.rs256])
        #expect(throws: JOSEError(.unsupportedAlgorithm, "")) {
            try jws.verify(with: jwk.publicKey, allowedAlgorithms: [.es256, .es384, .eddsa])
        }
        // The private JWK of the vector is refused as a public key.
        #expect(throws: JOSEError(.privateKeyMaterial, "")) { try JWK(json: Vectors.jsonBytes(vector, "jwk_private")) }
    }

    @Test("RFC 7515 A.1 (HS256) and A.5 (none) are refused before any key is consulted",
          arguments: ["rfc7515-a1-hs256.json", "rfc7515-a5-none.json"])
    func refusedAlgorithms(file: String) throws {
        let vector = try Vectors.json(file)
        #expect(throws: JOSEError(.unsupportedAlgorithm, "")) { try UnverifiedJWS(compact: vector.string("jws_compact")) }
    }

    @Test("RFC 8037 A.4/A.5: EdDSA verifies, and signing with d reproduces the signature")
    func ed25519() throws {
        let vector = try Vectors.json("rfc8037-ed25519.json")
        let jwk = try JWK(json: Vectors.jsonBytes(vector, "jwk_public"))
        let jws = try UnverifiedJWS(compact: vector.string("jws_compact"))
        let verified = try jws.verify(with: jwk.publicKey, allowedAlgorithms: [.eddsa])
        #expect(verified.payload == Array(try vector.string("payload").utf8))

        let d = try vector.object("jwk_private").b64("d")
        let key = try SigningKey(ed25519PrivateKey: SecretBytes(d))
        let signed = try JWS.sign(header: JWSHeader(.eddsa), payload: Array(try vector.string("payload").utf8), key: key)
        #expect(signed == (try vector.string("jws_compact")))
    }

    @Test("RFC 9864: alg Ed25519 is accepted as EdDSA when verifying")
    func ed25519FullySpecified() throws {
        let vector = try Vectors.json("rfc8037-ed25519.json")
        let jwk = try JWK(json: Vectors.jsonBytes(vector, "jwk_public"))
        let variant = try vector.object("derived_rfc9864_variant").string("jws_compact")
        let jws = try UnverifiedJWS(compact: variant)
        #expect(jws.header.algorithm == .eddsa)
        #expect(jws.headerJSON["alg"] == .string("Ed25519"))
        _ = try jws.verify(with: jwk.publicKey, allowedAlgorithms: [.eddsa])
    }

    @Test("RFC 7638 §3.1 thumbprint (RSA), plus the EC and RFC 8037 OKP thumbprints")
    func thumbprints() throws {
        let vector = try Vectors.json("rfc7638-thumbprint.json")
        let rsa = try JWK(json: Vectors.jsonBytes(vector, "jwk"))
        #expect(rsa.keyID == "2011-04-29")
        #expect(rsa.algorithm == .rs256)
        #expect(rsa.thumbprintInput == (try vector.string("canonical_json")))
        #expect(rsa.thumbprint() == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")

        let extra = try vector.object("derived_extra")
        let ec = try JWK(json: Vectors.jsonBytes(extra, "jwk"))
        #expect(ec.thumbprintInput == (try extra.string("canonical_json")))
        #expect(ec.thumbprint() == (try extra.string("thumbprint_b64url")))

        let okpVector = try Vectors.json("rfc8037-ed25519.json")
        let okp = try JWK(json: Vectors.jsonBytes(okpVector, "jwk_public"))
        #expect(okp.thumbprintInput == (try okpVector.string("thumbprint_input")))
        #expect(okp.thumbprint() == (try okpVector.string("jwk_thumbprint_sha256")))
    }
}
