import Foundation

/// An ECDSA signature (r, s), convertible strictly between JOSE/COSE raw `R||S` and DER.
public struct ECDSASignature: Sendable, Hashable {
    /// r as minimal big-endian bytes (no leading zeros).
    public let r: [UInt8]
    /// s as minimal big-endian bytes (no leading zeros).
    public let s: [UInt8]

    /// Parses raw `R||S`; the length must be exactly twice the curve's coordinate size.
    public init(rawRepresentation raw: some ContiguousBytes, curve: ECCurve) throws {
        let bytes = raw.withUnsafeBytes { Array($0) }
        let width = curve.coordinateByteCount
        guard bytes.count == 2 * width else {
            throw CryptographyError(.invalidSignatureEncoding,
                                    "ECDSA \(curve.rawValue) raw signature must be \(2 * width) bytes, got \(bytes.count)")
        }
        r = Self.minimal(bytes[0..<width])
        s = Self.minimal(bytes[width...])
        try Self.requireNonZero(r, s)
    }

    /// Parses a strict DER `SEQUENCE { INTEGER r, INTEGER s }` (minimal lengths, positive, no trailing bytes).
    public init(derRepresentation der: some ContiguousBytes) throws {
        var reader = DERReader(der.withUnsafeBytes { Array($0) })
        var sequence = DERReader(try reader.read(tag: 0x30))
        guard reader.isAtEnd else {
            throw CryptographyError(.invalidSignatureEncoding, "ECDSA DER signature has trailing bytes")
        }
        r = try sequence.readPositiveInteger()
        s = try sequence.readPositiveInteger()
        guard sequence.isAtEnd else {
            throw CryptographyError(.invalidSignatureEncoding, "ECDSA DER sequence has extra elements")
        }
        try Self.requireNonZero(r, s)
    }

    /// The DER encoding.
    public var derRepresentation: [UInt8] {
        let body = Self.encodeInteger(r) + Self.encodeInteger(s)
        return [0x30] + Self.encodeLength(body.count) + body
    }

    /// The raw `R||S` form for `curve`; throws if r or s is wider than the curve allows.
    public func rawRepresentation(for curve: ECCurve) throws -> [UInt8] {
        let width = curve.coordinateByteCount
        guard r.count <= width, s.count <= width else {
            throw CryptographyError(.invalidSignatureEncoding, "ECDSA signature too wide for \(curve.rawValue)")
        }
        return [UInt8](repeating: 0, count: width - r.count) + r + [UInt8](repeating: 0, count: width - s.count) + s
    }

    private static func minimal(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        Array(bytes.drop(while: { $0 == 0 }))
    }

    private static func requireNonZero(_ r: [UInt8], _ s: [UInt8]) throws {
        guard !r.isEmpty, !s.isEmpty else {
            throw CryptographyError(.invalidSignatureEncoding, "ECDSA signature with r or s equal to zero")
        }
    }

    private static func encodeInteger(_ magnitude: [UInt8]) -> [UInt8] {
        let content = (magnitude.first ?? 0x80) >= 0x80 ? [0] + magnitude : magnitude
        return [0x02] + encodeLength(content.count) + content
    }

    private static func encodeLength(_ length: Int) -> [UInt8] {
        if length < 0x80 { return [UInt8(length)] }
        var bytes = [UInt8]()
        var value = length
        while value > 0 {
            bytes.insert(UInt8(value & 0xff), at: 0)
            value >>= 8
        }
        return [0x80 | UInt8(bytes.count)] + bytes
    }
}

/// A minimal strict DER reader for the two shapes this module parses by hand.
struct DERReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    /// Reads one element with `tag` and returns its contents.
    mutating func read(tag: UInt8) throws -> [UInt8] {
        guard offset < bytes.count, bytes[offset] == tag else { throw malformed("unexpected tag") }
        offset += 1
        guard offset < bytes.count else { throw malformed("missing length") }
        var length = Int(bytes[offset])
        offset += 1
        if length & 0x80 != 0 {
            let count = length & 0x7f
            guard count >= 1, count <= 2, offset + count <= bytes.count else { throw malformed("bad length") }
            length = 0
            for _ in 0..<count {
                length = length << 8 | Int(bytes[offset])
                offset += 1
            }
            let minimum = count == 1 ? 0x80 : 0x100
            guard length >= minimum else { throw malformed("non-minimal length") }
        }
        guard offset + length <= bytes.count else { throw malformed("truncated element") }
        defer { offset += length }
        return Array(bytes[offset..<offset + length])
    }

    /// Reads a positive INTEGER and returns its minimal magnitude.
    mutating func readPositiveInteger() throws -> [UInt8] {
        let content = try read(tag: 0x02)
        guard let first = content.first else { throw malformed("empty INTEGER") }
        guard first & 0x80 == 0 else { throw malformed("negative INTEGER") }
        if first == 0, content.count > 1, content[1] & 0x80 == 0 { throw malformed("non-minimal INTEGER") }
        return Array(content.drop(while: { $0 == 0 }))
    }

    private func malformed(_ what: String) -> CryptographyError {
        CryptographyError(.invalidSignatureEncoding, "ECDSA DER signature: \(what)")
    }
}
