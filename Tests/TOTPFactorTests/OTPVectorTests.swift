import Cryptography
import Foundation
import Testing
@testable import TOTPFactor

/// The vectors in `Vectors/` (copied from ../shared/vectors/otp).
enum Vectors {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors")

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

func bytes(hex: String) -> [UInt8] {
    var output: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        output.append(UInt8(hex[index..<next], radix: 16)!)
        index = next
    }
    return output
}

@Suite("RFC 4226 and RFC 6238 vectors")
struct OTPVectorTests {
    @Test("RFC 4226 Appendix D: HOTP values for counts 0–9")
    func hotp() throws {
        let vectors = try Vectors.json("rfc4226-hotp.json")
        let secret = SecretBytes(bytes(hex: try #require(vectors["secret_hex"] as? String)))
        let rows = try #require(vectors["rows"] as? [[String: Any]])
        #expect(rows.count == 10)
        let otp = try OneTimePassword(algorithm: .sha1, digits: 6)
        for row in rows {
            let count = try #require(row["count"] as? Int)
            #expect(otp.code(secret: secret, counter: Int64(count)) == row["hotp"] as? String, "count \(count)")
        }
        #expect(try Base32.decode(try #require(vectors["secret_base32"] as? String)) == bytes(hex: vectors["secret_hex"] as! String))
    }

    @Test("RFC 6238 Appendix B: TOTP values for SHA-1, SHA-256, SHA-512 (8 digits, and 6 derived)")
    func totp() throws {
        let vectors = try Vectors.json("rfc6238-totp.json")
        let seeds = try #require(vectors["seeds"] as? [String: [String: Any]])
        let rows = try #require(vectors["rows"] as? [[String: Any]])
        #expect(rows.count == 18)
        for row in rows {
            let mode = try #require(row["mode"] as? String)
            let algorithm = try #require(TOTPAlgorithm(rawValue: mode))
            let secret = SecretBytes(bytes(hex: try #require(seeds[mode]?["hex"] as? String)))
            let time = Int64(try #require(row["time_unix"] as? Int))
            let eight = try OneTimePassword(algorithm: algorithm, digits: 8)
            let six = try OneTimePassword(algorithm: algorithm, digits: 6)
            #expect(eight.step(at: time) == Int64(try #require(row["T"] as? Int)))
            #expect(eight.code(secret: secret, counter: eight.step(at: time)) == row["totp_8"] as? String, "\(mode) at \(time)")
            #expect(six.code(secret: secret, counter: six.step(at: time)) == row["totp_6_derived"] as? String, "\(mode) at \(time)")
            // And through the acceptance check, at exactly that time.
            #expect(eight.acceptedStep(for: row["totp_8"] as! String, secret: secret, at: time, after: nil) == eight.step(at: time))
        }
    }

    @Test("skew: the codes one step either side are accepted, two steps are not")
    func skewWindow() throws {
        let vectors = try Vectors.json("rfc6238-totp.json")
        let secret = SecretBytes(Array("12345678901234567890".utf8))
        let examples = try #require((vectors["skew_examples"] as? [String: Any])?["rows"] as? [[String: Any]])
        let otp = try OneTimePassword()
        for example in examples {
            let time = Int64(try #require(example["time_unix"] as? Int))
            let code = try #require(example["SHA1_totp_6"] as? String)
            #expect(otp.acceptedStep(for: code, secret: secret, at: time, after: nil) == Int64(example["T"] as! Int))
        }
        let time: Int64 = 1_111_111_109
        let step = otp.step(at: time)
        for offset in [-3, -2, 2, 3, 100, -100] as [Int64] {
            let far = otp.code(secret: secret, counter: step + offset)
            #expect(otp.acceptedStep(for: far, secret: secret, at: time, after: nil) == nil, "offset \(offset)")
        }
    }

    @Test("replay: a step at or before the last accepted step is refused (RFC 6238 §5.2)")
    func replay() throws {
        let secret = SecretBytes(Array("12345678901234567890".utf8))
        let otp = try OneTimePassword()
        let time: Int64 = 1_700_000_000
        let step = otp.step(at: time)
        let current = otp.code(secret: secret, counter: step)
        #expect(otp.acceptedStep(for: current, secret: secret, at: time, after: step - 1) == step)
        #expect(otp.acceptedStep(for: current, secret: secret, at: time, after: step) == nil)
        #expect(otp.acceptedStep(for: otp.code(secret: secret, counter: step - 1), secret: secret, at: time, after: step) == nil)
        #expect(otp.acceptedStep(for: otp.code(secret: secret, counter: step + 1), secret: secret, at: time, after: step) == step + 1)
    }

    @Test("malformed codes are refused before any comparison", arguments: [
        "", "12345", "1234567", " 123456", "123456 ", "123 456", "12345a", "１２３４５６", "123456\n", "-12345", "+12345", "12345.",
    ])
    func malformed(code: String) throws {
        let otp = try OneTimePassword()
        #expect(!otp.isWellFormed(code))
        #expect(otp.acceptedStep(for: code, secret: SecretBytes(Array("12345678901234567890".utf8)), at: 59, after: nil) == nil)
    }

    @Test("digits other than 6 or 8 are refused")
    func digits() {
        #expect(throws: TOTPError.self) { try OneTimePassword(digits: 7) }
        #expect(throws: TOTPError.self) { try OneTimePassword(digits: 10) }
    }
}
