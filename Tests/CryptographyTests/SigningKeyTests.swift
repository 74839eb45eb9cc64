import Cryptography
import Testing

@Suite("Signing keys, key import/export, ECDSA encodings")
struct SigningKeyTests {
    static let signingAlgorithms: [SignatureAlgorithm] = [.es256, .es384, .es512, .ed25519]

    @Test("sign → verify round trip with PKCS#8, SPKI and raw-coordinate export/import", arguments: signingAlgorithms)
    func roundTrip(algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey.generate(algorithm)
        #expect(key.algorithm == algorithm)
        let message = bytes("Gatehouse round trip \(algorithm.rawValue)")
        let signature = try key.signature(for: message)
        #expect(signature.count == (algorithm.curve.map { 2 * $0.coordinateByteCount } ?? 64))
        #expect(try key.publicKey.isValidSignature(signature, for: message, algorithm: algorithm))

        let pkcs8 = try key.pkcs8DER()
        #expect(pkcs8.description == "<redacted>")
        let imported = try SigningKey(pkcs8DER: pkcs8)
        #expect(imported.algorithm == algorithm)
        #expect(imported.publicKey.subjectPublicKeyInfoDER == key.publicKey.subjectPublicKeyInfoDER)
        #expect(try key.publicKey.isValidSignature(imported.signature(for: message), for: message, algorithm: algorithm))

        let fromSPKI = try PublicKey(subjectPublicKeyInfoDER: key.publicKey.subjectPublicKeyInfoDER)
        let fromRaw = try PublicKey(key.publicKey.parameters)
        #expect(fromRaw.subjectPublicKeyInfoDER == key.publicKey.subjectPublicKeyInfoDER)
        #expect(try fromSPKI.isValidSignature(signature, for: message, algorithm: algorithm))
        #expect(try fromRaw.isValidSignature(signature, for: message, algorithm: algorithm))
    }

    @Test("a tampered signature or message verifies false", arguments: signingAlgorithms)
    func tampering(algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey.generate(algorithm)
        let message = bytes("transfer 10 credits")
        let signature = try key.signature(for: message)
        var flipped = signature
        flipped[flipped.count / 3] ^= 0x40
        #expect(try !key.publicKey.isValidSignature(flipped, for: message, algorithm: algorithm))
        #expect(try !key.publicKey.isValidSignature(signature, for: bytes("transfer 90 credits"), algorithm: algorithm))
        let other = try SigningKey.generate(algorithm)
        #expect(try !other.publicKey.isValidSignature(signature, for: message, algorithm: algorithm))
    }

    @Test("ECDSA DER output verifies and converts to the fixed-width raw form", arguments: [SignatureAlgorithm.es256, .es384, .es512])
    func derSignatures(algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey.generate(algorithm)
        let curve = try #require(algorithm.curve)
        let message = bytes("webauthn assertion")
        let signature = try key.ecdsaSignature(for: message)
        let reparsed = try ECDSASignature(derRepresentation: signature.derRepresentation)
        #expect(reparsed == signature)
        #expect(try key.publicKey.isValidSignature(signature, for: message, algorithm: algorithm))
        let raw = try signature.rawRepresentation(for: curve)
        #expect(raw.count == 2 * curve.coordinateByteCount)
        #expect(try ECDSASignature(rawRepresentation: raw, curve: curve) == signature)
    }

    @Test("the curve must match the algorithm; key families must match")
    func mismatches() throws {
        let p384 = try SigningKey.generate(.es384)
        let message = bytes("m")
        let signature = try p384.signature(for: message)
        #expect(throws: CryptographyError(.algorithmMismatch, "")) {
            try p384.publicKey.isValidSignature(signature, for: message, algorithm: .es256)
        }
        #expect(throws: CryptographyError(.algorithmMismatch, "")) {
            try p384.publicKey.isValidSignature(signature, for: message, algorithm: .es512)
        }
        #expect(throws: CryptographyError(.algorithmMismatch, "")) {
            try p384.publicKey.isValidSignature(signature, for: message, algorithm: .rs256)
        }
        #expect(throws: CryptographyError(.algorithmMismatch, "")) {
            try p384.publicKey.isValidSignature(Array(signature.prefix(64)), for: message, algorithm: .ed25519)
        }
        let ed = try SigningKey.generate(.ed25519)
        #expect(throws: CryptographyError(.algorithmMismatch, "")) {
            try ed.publicKey.isValidSignature(ed.signature(for: message), for: message, algorithm: .ps256)
        }
        #expect(throws: CryptographyError(.algorithmMismatch, "")) { try ed.ecdsaSignature(for: message) }
        #expect(throws: CryptographyError(.unsupportedAlgorithm, "")) { try SigningKey.generate(.rs256) }
    }

    @Test("raw public keys: wrong lengths and off-curve points are refused")
    func invalidRawKeys() throws {
        let vector = try Vectors.json("rfc7515-a3-es256.json").object("jwk_public")
        let x = try vector.b64("x")
        var y = try vector.b64("y")
        #expect(throws: CryptographyError(.invalidKey, "")) { try PublicKey(.ec(curve: .p256, x: Array(x.dropFirst()), y: y)) }
        #expect(throws: CryptographyError(.invalidKey, "")) { try PublicKey(.ec(curve: .p384, x: x, y: y)) }
        y[31] ^= 0x01
        #expect(throws: CryptographyError(.invalidKey, "")) { try PublicKey(.ec(curve: .p256, x: x, y: y)) }
        #expect(throws: CryptographyError(.invalidKey, "")) { try PublicKey(.ed25519(x: [UInt8](repeating: 1, count: 31))) }
        #expect(throws: CryptographyError(.invalidKey, "")) {
            try PublicKey(.rsa(modulus: [UInt8](repeating: 0xc3, count: 128), exponent: [1, 0, 1]))
        }
        #expect(throws: CryptographyError(.invalidKey, "")) { try PublicKey(subjectPublicKeyInfoDER: [0x30, 0x03, 0x02, 0x01, 0x01]) }
        let spki = try SigningKey.generate(.es256).publicKey.subjectPublicKeyInfoDER
        #expect(throws: CryptographyError(.invalidKey, "")) { try PublicKey(subjectPublicKeyInfoDER: spki + [0]) }
        #expect(throws: CryptographyError(.invalidKey, "")) { try SigningKey(pkcs8DER: SecretBytes(spki)) }
        #expect(throws: CryptographyError(.invalidKey, "")) { try SigningKey(ed25519PrivateKey: SecretBytes([1, 2, 3])) }
    }

    @Test("ECDSA encodings are strict", arguments: [
        ("3006020101020101" + "00", "trailing byte"),
        ("300702020001020101", "non-minimal INTEGER"),
        ("3006020181020101", "negative r"),
        ("3006020100020101", "zero r"),
        ("3081060201010201 01", "non-minimal length"),
        ("3007020101020101", "truncated"),
        ("3106020101020101", "wrong outer tag"),
        ("3009020101020101020101", "extra element"),
    ])
    func strictDER(hex: String, label: String) throws {
        let der = try Hex.decode(hex.replacingOccurrences(of: " ", with: ""))
        #expect(throws: CryptographyError(.invalidSignatureEncoding, ""), "\(label)") { try ECDSASignature(derRepresentation: der) }
    }

    @Test("raw ECDSA signatures need the exact width; oversized values do not fit a smaller curve")
    func strictRaw() throws {
        #expect(throws: CryptographyError(.invalidSignatureEncoding, "")) {
            try ECDSASignature(rawRepresentation: [UInt8](repeating: 1, count: 63), curve: .p256)
        }
        #expect(throws: CryptographyError(.invalidSignatureEncoding, "")) {
            try ECDSASignature(rawRepresentation: [UInt8](repeating: 0, count: 64), curve: .p256)
        }
        let wide = try ECDSASignature(rawRepresentation: [UInt8](repeating: 0x7f, count: 96), curve: .p384)
        #expect(throws: CryptographyError(.invalidSignatureEncoding, "")) { try wide.rawRepresentation(for: .p256) }
        let small = try ECDSASignature(derRepresentation: Hex.decode("3006020101020102"))
        #expect(try small.rawRepresentation(for: .p256) == [UInt8](repeating: 0, count: 31) + [1] + [UInt8](repeating: 0, count: 31) + [2])
        let highBit = try ECDSASignature(rawRepresentation: [UInt8](repeating: 0xff, count: 64), curve: .p256)
        #expect(Hex.encode(highBit.derRepresentation).hasPrefix("3046022100ff"))
    }
}
