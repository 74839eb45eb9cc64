import Testing
@testable import WebAuthn

@Suite struct CBORDecoderTests {
    let decoder = CBORDecoder()

    @Test func decodesScalarsAndContainers() throws {
        #expect(try decoder.decodeWhole([0x17]) == .unsigned(23))
        #expect(try decoder.decodeWhole([0x18, 0x18]) == .unsigned(24))
        #expect(try decoder.decodeWhole([0x20]) == .negative(0))
        #expect(try decoder.decodeWhole([0x38, 0x63]).intValue == -100)
        #expect(try decoder.decodeWhole([0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]) == .unsigned(.max))
        #expect(try decoder.decodeWhole([0x43, 1, 2, 3]) == .bytes([1, 2, 3]))
        #expect(try decoder.decodeWhole([0x63, 0x66, 0x6d, 0x74]) == .text("fmt"))
        #expect(try decoder.decodeWhole([0x82, 0xf4, 0xf5]) == .array([.bool(false), .bool(true)]))
        #expect(try decoder.decodeWhole([0xa1, 0x01, 0xf6]) == .map([.unsigned(1): .null]))
    }

    @Test func reportsWhereAnItemEnds() throws {
        let (value, end) = try decoder.decode([0x00, 0x82, 0x01, 0x02, 0xff], from: 1)
        #expect(value == .array([.unsigned(1), .unsigned(2)]))
        #expect(end == 4)
    }

    @Test(arguments: [
        ("trailing byte", [0x01, 0x00] as [UInt8]),
        ("indefinite bytes", [0x5f, 0x41, 0x00, 0xff]),
        ("indefinite array", [0x9f, 0xff]),
        ("indefinite map", [0xbf, 0xff]),
        ("length beyond input", [0x5a, 0xff, 0xff, 0xff, 0xff]),
        ("huge array count", [0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        ("huge map count", [0xbb, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        ("duplicate map key", [0xa2, 0x01, 0x00, 0x01, 0x00]),
        ("tag", [0xc0, 0x00]),
        ("float", [0xf9, 0x3c, 0x00]),
        ("undefined", [0xf7]),
        ("reserved info", [0x1c]),
        ("invalid UTF-8", [0x61, 0xff]),
        ("empty", []),
        ("truncated uint", [0x19, 0x01]),
    ])
    func refusesMalformedInput(_ name: String, _ bytes: [UInt8]) {
        #expect(throws: WebAuthnError(.malformedCBOR, "")) { try decoder.decodeWhole(bytes) }
    }

    @Test func boundsDepth() throws {
        let ok = [UInt8](repeating: 0x81, count: 16) + [0x00]
        #expect(throws: Never.self) { try decoder.decodeWhole(ok) }
        let deep = [UInt8](repeating: 0x81, count: 17) + [0x00]
        #expect(throws: WebAuthnError(.malformedCBOR, "")) { try decoder.decodeWhole(deep) }
    }

    @Test func boundsMapEntries() throws {
        func map(_ count: Int) -> [UInt8] {
            var bytes: [UInt8] = [0xb9, UInt8(count >> 8), UInt8(count & 0xff)]
            for key in 0..<count { bytes += [0x19, UInt8(key >> 8), UInt8(key & 0xff), 0x00] }
            return bytes
        }
        #expect(try decoder.decodeWhole(map(1024)).mapValue?.count == 1024)
        #expect(throws: WebAuthnError(.malformedCBOR, "")) { try decoder.decodeWhole(map(1025)) }
    }

    @Test func refusesInputBeyondTheSizeCap() {
        var limited = CBORDecoder()
        limited.maximumLength = 8
        #expect(throws: WebAuthnError(.malformedCBOR, "")) { try limited.decodeWhole([0x49] + [UInt8](repeating: 0, count: 9)) }
    }
}
