import Cryptography
import Testing

@Suite("AES-256-GCM")
struct AESGCMTests {
    // McGrew & Viega, "The Galois/Counter Mode of Operation", test cases 13 and 14 (zero key, zero IV).
    @Test("GCM spec test cases 13 and 14 with a pinned zero nonce", arguments: [
        (0, "530f8afbc74536b9a963b4f1c4cb738b"),
        (16, "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919"),
    ])
    func knownAnswers(plaintextLength: Int, expected: String) throws {
        let key = SecretBytes([UInt8](repeating: 0, count: 32))
        let box = try AESGCM.seal([UInt8](repeating: 0, count: plaintextLength), key: key, using: FixedRandom(byte: 0))
        #expect(box.nonce == [UInt8](repeating: 0, count: 12))
        #expect(Hex.encode(box.ciphertext + box.tag) == expected)
        #expect(try AESGCM.open(box, key: key).count == plaintextLength)
    }

    @Test("seal → open round trip, through the combined form, with and without AAD")
    func roundTrip() throws {
        let key = SecretBytes(randomCount: 32)
        let plaintext = bytes("postgres://tenant-42:secret@db/tenant_42")
        for aad in [[UInt8](), bytes("tenant-42")] {
            let box = try AESGCM.seal(plaintext, key: key, authenticating: aad)
            #expect(box.nonce.count == 12)
            #expect(box.tag.count == 16)
            #expect(box.ciphertext.count == plaintext.count)
            #expect(box.ciphertext != plaintext)
            let reparsed = try AESGCM.SealedBox(combined: box.combined)
            #expect(reparsed == box)
            let opened = try AESGCM.open(reparsed, key: key, authenticating: aad)
            #expect(opened.withUnsafeBytes { Array($0) } == plaintext)
            #expect(opened.description == "<redacted>")
        }
        let first = try AESGCM.seal(plaintext, key: key)
        let second = try AESGCM.seal(plaintext, key: key)
        #expect(first.nonce != second.nonce)
    }

    @Test("any tampering, a wrong key or wrong AAD fails closed")
    func tampering() throws {
        let key = SecretBytes(randomCount: 32)
        let box = try AESGCM.seal(bytes("data encryption key"), key: key, authenticating: bytes("realm-a"))
        let combined = box.combined
        for index in [0, 11, 12, combined.count - 17, combined.count - 1] {
            var tampered = combined
            tampered[index] ^= 0x01
            #expect(throws: CryptographyError(.verificationFailed, ""), "byte \(index)") {
                try AESGCM.open(AESGCM.SealedBox(combined: tampered), key: key, authenticating: bytes("realm-a"))
            }
        }
        #expect(throws: CryptographyError(.verificationFailed, "")) {
            try AESGCM.open(box, key: key, authenticating: bytes("realm-b"))
        }
        #expect(throws: CryptographyError(.verificationFailed, "")) { try AESGCM.open(box, key: key) }
        #expect(throws: CryptographyError(.verificationFailed, "")) {
            try AESGCM.open(box, key: SecretBytes(randomCount: 32), authenticating: bytes("realm-a"))
        }
        #expect(throws: CryptographyError(.malformedInput, "")) { try AESGCM.SealedBox(combined: Array(combined.prefix(27))) }
        #expect(throws: CryptographyError(.invalidKey, "")) { try AESGCM.seal([1], key: SecretBytes(randomCount: 16)) }
    }
}
