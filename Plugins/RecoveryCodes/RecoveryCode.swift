import Cryptography
import Foundation

/// One recovery code: `LLLL-SSSS-SSSS-SSSS-SSSS`. The first group is a non-secret lookup id that tells the
/// server which stored hash to check (one bcrypt verification per redemption); the other sixteen characters
/// are the secret (16 × log2(30) ≈ 78.5 bits). The alphabet has no look-alikes (no 0/O, 1/I/L, U/V).
public struct RecoveryCode: Sendable, Equatable, CustomStringConvertible {
    /// The 30 characters codes are made of.
    public static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    /// Characters per group.
    public static let groupLength = 4
    /// Groups: one lookup group and four secret groups.
    public static let groupCount = 5
    /// Characters of the secret part.
    public static let secretLength = groupLength * (groupCount - 1)
    /// Bits of entropy in the secret part.
    public static var secretBits: Double { Double(secretLength) * log2(Double(alphabet.count)) }

    /// The lookup group (not secret; stored in the clear to find the hash).
    public let lookup: String
    /// The whole code without separators, upper case: what is hashed.
    let canonical: SecretBytes

    /// A fresh random code.
    public init(random: any RandomSource) {
        let characters = Self.randomCharacters(Self.groupLength * Self.groupCount, random: random)
        lookup = String(decoding: characters.prefix(Self.groupLength), as: UTF8.self)
        canonical = SecretBytes(characters)
    }

    /// Parses a submitted code, forgiving letter case, spaces and hyphens; nil for anything else.
    public init?(parsing text: String) {
        var characters: [UInt8] = []
        for byte in text.utf8 {
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: " ") { continue }
            let upper = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte
            guard Self.alphabet.contains(upper), characters.count < Self.groupLength * Self.groupCount else { return nil }
            characters.append(upper)
        }
        guard characters.count == Self.groupLength * Self.groupCount else { return nil }
        lookup = String(decoding: characters.prefix(Self.groupLength), as: UTF8.self)
        canonical = SecretBytes(characters)
    }

    /// The grouped form shown to the user once (`ABCD-EFGH-…`). This is the secret: never log it.
    public var displayText: String {
        canonical.withUnsafeBytes { bytes in
            stride(from: 0, to: bytes.count, by: Self.groupLength)
                .map { String(decoding: bytes[$0..<min($0 + Self.groupLength, bytes.count)], as: UTF8.self) }
                .joined(separator: "-")
        }
    }

    public var description: String { "RecoveryCode(\(lookup)-<redacted>)" }

    /// Uniform characters by rejection sampling (240 = 8 × 30, so `byte % 30` has no bias below it).
    static func randomCharacters(_ count: Int, random: any RandomSource) -> [UInt8] {
        var output: [UInt8] = []
        while output.count < count {
            for byte in random.bytes(count * 2) where byte < 240 && output.count < count {
                output.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return output
    }
}
