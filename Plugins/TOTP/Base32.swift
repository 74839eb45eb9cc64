/// RFC 4648 base32 (upper-case alphabet), the encoding of TOTP secrets in otpauth URIs.
public enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Encodes `bytes`; `padding` adds `=` to a multiple of 8 characters (otpauth URIs omit it).
    public static func encode(_ bytes: some Sequence<UInt8>, padding: Bool = false) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        if padding { while output.count % 8 != 0 { output.append(UInt8(ascii: "=")) } }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes base32, case-insensitively, with or without `=` padding; throws on any other character
    /// or on leftover bits that are not zero.
    public static func decode(_ text: some StringProtocol) throws -> [UInt8] {
        var output: [UInt8] = []
        var buffer: UInt32 = 0, bits = 0
        let trimmed = text.utf8.reversed().drop { $0 == UInt8(ascii: "=") }.reversed()
        for character in trimmed {
            let upper = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(character) ? character - 32 : character
            guard let value = alphabet.firstIndex(of: upper) else {
                throw TOTPError(.malformedInput, "not base32")
            }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits - 8)))
                bits -= 8
            }
            buffer &= (1 << UInt32(bits)) - 1
        }
        guard bits < 5, buffer == 0 else { throw TOTPError(.malformedInput, "base32 has trailing bits") }
        return output
    }
}
