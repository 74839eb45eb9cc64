@testable import Cryptography
import Testing

@Suite("Encodings, secrets and errors")
struct EncodingTests {
    // RFC 4648 §10 test vectors, in the url-safe alphabet without padding.
    @Test("RFC 4648 base64 vectors without padding", arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648(plain: String, encoded: String) throws {
        #expect(Base64URL.encode(bytes(plain)) == encoded)
        #expect(try Base64URL.decode(encoded) == bytes(plain))
    }

    @Test("base64url uses - and _ for 62 and 63")
    func urlAlphabet() throws {
        #expect(Base64URL.encode([0xfb, 0xff]) == "-_8")
        #expect(try Base64URL.decode("-_8") == [0xfb, 0xff])
    }

    @Test("base64url decoding refuses the standard alphabet, padding, whitespace and bad lengths", arguments: [
        "+_8", "/_8", "Zg==", "Zm8=", "Zm 9v", "Zm9v\n", "Z", "Zm9vY", "Zh", "Zm9", "é",
    ])
    func strictDecoding(input: String) {
        #expect(throws: CryptographyError(.malformedInput, "")) { try Base64URL.decode(input) }
    }

    @Test("base64url round-trips every length up to 64")
    func roundTrip() throws {
        for length in 0...64 {
            let data = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(try Base64URL.decode(Base64URL.encode(data)) == data)
        }
    }

    @Test("hex is lowercase and strict")
    func hex() throws {
        #expect(Hex.encode([0x00, 0xab, 0xff]) == "00abff")
        #expect(try Hex.decode("00ABff") == [0x00, 0xab, 0xff])
        #expect(throws: CryptographyError(.malformedInput, "")) { try Hex.decode("abc") }
        #expect(throws: CryptographyError(.malformedInput, "")) { try Hex.decode("zz") }
    }

    @Test("SecretBytes never prints its contents")
    func redaction() {
        let secret = SecretBytes(bytes("hunter2"))
        #expect(secret.description == "<redacted>")
        #expect(secret.debugDescription == "<redacted>")
        #expect(String(describing: secret) == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        #expect("\(secret)" == "<redacted>")
    }

    @Test("SecretBytes copies contiguous and non-contiguous sequences of any length")
    func secretBytesFromSequences() {
        let expected = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let lazy = (0..<1000).lazy.map { UInt8(truncatingIfNeeded: $0 &* 7) }   // not contiguous, unknown length
        for secret in [SecretBytes(expected), SecretBytes(lazy), SecretBytes(AnySequence(expected)), SecretBytes(expected[...])] {
            #expect(secret.count == 1000)
            #expect(secret.withUnsafeBytes { Array($0) } == expected)
        }
        #expect(SecretBytes(AnySequence([UInt8]())).isEmpty)
        #expect(SecretBytes([UInt8]()).isEmpty)
        #expect(SecretBytes(utf8: "pässword").withUnsafeBytes { Array($0) } == Array("pässword".utf8))
    }

    @Test("SecretBytes compares in constant time and exposes bytes only through withUnsafeBytes")
    func secretEquality() {
        let a = SecretBytes(bytes("same secret"))
        #expect(a == SecretBytes(utf8: "same secret"))
        #expect(a != SecretBytes(bytes("same secreT")))
        #expect(a != SecretBytes(bytes("same secre")))
        #expect(a.count == 11)
        #expect(a.withUnsafeBytes { Array($0) } == bytes("same secret"))
        #expect(SecretBytes([UInt8]()).isEmpty)
    }

    @Test("random SecretBytes use the injected source")
    func pinnedRandom() {
        let secret = SecretBytes(randomCount: 4, using: FixedRandom(byte: 7))
        #expect(secret.withUnsafeBytes { Array($0) } == [7, 7, 7, 7])
        let system = SecretBytes(randomCount: 32)
        #expect(system.count == 32)
        #expect(system != SecretBytes(randomCount: 32))
        #expect(SecureRandom.bytes(16).count == 16)
        #expect(SecureRandom.bytes(0).isEmpty)
    }

    @Test("ConstantTime.equals compares bytes, including different lengths and empties")
    func constantTime() {
        #expect(ConstantTime.equals([UInt8](), [UInt8]()))
        #expect(ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(!ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2, 4] as [UInt8]))
        #expect(!ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2] as [UInt8]))
    }

    @Test("errors compare by code and describe code, reason and place")
    func errors() {
        let error = CryptographyError(.invalidKey, "bad key")
        #expect(error == CryptographyError(.invalidKey, "another reason"))
        #expect(error != CryptographyError(.malformedInput, "bad key"))
        #expect(error.description.hasPrefix("CryptographyError(invalidKey): bad key ("))
        #expect(error.description.contains("EncodingTests.swift"))
    }
}
