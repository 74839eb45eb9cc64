import Testing
import QRCode
@testable import TOTPFactor

@Suite("Base32, otpauth URI and QR code")
struct Base32AndURITests {
    @Test("RFC 4648 §10 base32 test vectors", arguments: [
        ("", ""), ("f", "MY======"), ("fo", "MZXQ===="), ("foo", "MZXW6==="), ("foob", "MZXW6YQ="), ("fooba", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI======"),
    ])
    func vectors(plain: String, encoded: String) throws {
        #expect(Base32.encode(Array(plain.utf8), padding: true) == encoded)
        #expect(try Base32.decode(encoded) == Array(plain.utf8))
        #expect(try Base32.decode(encoded.lowercased()) == Array(plain.utf8))
        #expect(try Base32.decode(encoded.filter { $0 != "=" }) == Array(plain.utf8))
    }

    @Test("20-byte secrets encode to 32 characters without padding; bad text is refused")
    func secrets() throws {
        let secret = (0..<20).map { UInt8($0 * 13 & 0xff) }
        let text = Base32.encode(secret)
        #expect(text.count == 32 && !text.contains("="))
        #expect(try Base32.decode(text) == secret)
        for bad in ["MZ1W", "MZXW6YT!", "MZ XW"] { #expect(throws: TOTPError.self) { try Base32.decode(bad) } }
    }

    @Test("otpauth URI carries issuer, account, secret and parameters, percent-encoded")
    func uri() throws {
        let uri = OTPAuthURI(issuer: "Gatehouse (acme)", account: "ana@example.org", parameters: try OneTimePassword(algorithm: .sha256, digits: 8))
            .text(secretBase32: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        #expect(uri == "otpauth://totp/Gatehouse%20%28acme%29:ana%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            + "&issuer=Gatehouse%20%28acme%29&algorithm=SHA256&digits=8&period=30")
    }

    @Test("a QR code of an otpauth URI renders as SVG with finder patterns")
    func qrCode() throws {
        let code = try QRCode(encoding: "otpauth://totp/Gatehouse:ana?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Gatehouse")
        #expect(code.size >= 21 && (code.size - 17) % 4 == 0)
        // The top-left finder pattern: a dark 7×7 ring around a light ring around a dark 3×3 core.
        #expect((0..<7).allSatisfy { code.isDark(x: $0, y: 0) && code.isDark(x: 0, y: $0) })
        #expect(!code.isDark(x: 1, y: 1) && code.isDark(x: 3, y: 3))
        let svg = code.svg()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.hasSuffix("</svg>"))
        #expect(svg.contains("<path d=\"M4 4h7v1h-7z"))
    }
}
