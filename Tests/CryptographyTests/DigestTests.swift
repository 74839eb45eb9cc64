@testable import Cryptography
import Testing

@Suite("Digests and HMAC")
struct DigestTests {
    // FIPS 180-2 / NIST CSRC example values for the message "abc".
    @Test("NIST SHA test values for \"abc\"", arguments: [
        (Digest.Algorithm.sha1, "a9993e364706816aba3e25717850c26c9cd0d89d"),
        (.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (.sha384, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"),
        (.sha512, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ])
    func abc(algorithm: Digest.Algorithm, expected: String) throws {
        let digest = Digest.hash(bytes("abc"), using: algorithm)
        #expect(Hex.encode(digest) == expected)
        #expect(digest.count == algorithm.byteCount)
    }

    @Test("SHA-256 of the empty message")
    func emptyMessage() {
        #expect(Hex.encode(Digest.sha256([UInt8]())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    // RFC 4231 §4.3, test case 2 ("Jefe").
    @Test("RFC 4231 test case 2", arguments: [
        (Digest.Algorithm.sha256, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (.sha512, "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
    ])
    func rfc4231(algorithm: Digest.Algorithm, expected: String) throws {
        let mac = HMAC.authenticationCode(for: bytes("what do ya want for nothing?"), key: bytes("Jefe"), using: algorithm)
        #expect(Hex.encode(mac) == expected)
        #expect(HMAC.isValidAuthenticationCode(try Hex.decode(expected), for: bytes("what do ya want for nothing?"),
                                               key: bytes("Jefe"), using: algorithm))
        #expect(!HMAC.isValidAuthenticationCode(try Hex.decode(expected), for: bytes("what do ya want for nothing!"),
                                                key: bytes("Jefe"), using: algorithm))
    }

    @Test("RFC 7515 A.1: HS256 recomputes the published signature")
    func rfc7515HS256() throws {
        let vector = try Vectors.json("rfc7515-a1-hs256.json")
        let key = SecretBytes(try vector.object("jwk").b64("k"))
        let mac = HMAC.authenticationCode(for: bytes(try vector.string("signing_input")), key: key, using: .sha256)
        #expect(Base64URL.encode(mac) == (try vector.string("signature_b64")))
    }

    @Test("RFC 4226 Appendix D: HMAC-SHA-1 values and their HOTP truncation")
    func rfc4226() throws {
        let vector = try Vectors.json("rfc4226-hotp.json")
        let secret = try Hex.decode(vector.string("secret_hex"))
        for row in try vector.objects("rows") {
            let counter = try Hex.decode(row.string("counter_bytes_hex"))
            let mac = HMAC.authenticationCode(for: counter, key: secret, using: .sha1)
            #expect(Hex.encode(mac) == (try row.string("hmac_sha1_hex")))
            #expect(truncate(mac, digits: 6) == (try row.string("hotp")))
        }
    }

    @Test("RFC 6238 Appendix B: HMAC-SHA-1/256/512 values and their TOTP truncation")
    func rfc6238() throws {
        let vector = try Vectors.json("rfc6238-totp.json")
        let seeds = try vector.object("seeds")
        let rows = try vector.objects("rows")
        #expect(rows.count == 18)
        for row in rows {
            let mode = try row.string("mode")
            let algorithm: Digest.Algorithm = switch mode {
            case "SHA1": .sha1
            case "SHA256": .sha256
            default: .sha512
            }
            let seed = try Hex.decode(seeds.object(mode).string("hex"))
            let step = try Hex.decode(row.string("T_hex"))
            let mac = HMAC.authenticationCode(for: step, key: seed, using: algorithm)
            #expect(Hex.encode(mac) == (try row.string("hmac_hex")))
            #expect(truncate(mac, digits: 8) == (try row.string("totp_8")))
        }
    }

    /// RFC 4226 §5.3 dynamic truncation, here only to prove the HMAC bytes are the right ones.
    private func truncate(_ mac: [UInt8], digits: Int) -> String {
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let value = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let code = String(value % modulus)
        return String(repeating: "0", count: digits - code.count) + code
    }
}
