/// A strict CBOR decoder: definite lengths only, bounded depth, size and map entries, unique map keys.
public struct CBORDecoder: Sendable {
    /// Maximum nesting of arrays and maps.
    public var maximumDepth = 16
    /// Maximum entries in one map.
    public var maximumMapEntries = 1024
    /// Maximum length of one string, and maximum input size.
    public var maximumLength = 1 << 20

    /// A decoder with the default limits (depth 16, 1024 map entries, 1 MiB).
    public init() {}

    /// Decodes the one item starting at `offset` and returns it with the offset just past it.
    public func decode(_ bytes: [UInt8], from offset: Int = 0) throws -> (value: CBORValue, end: Int) {
        guard bytes.count <= maximumLength else { throw Self.failure("input larger than \(maximumLength) bytes") }
        guard offset >= 0, offset <= bytes.count else { throw Self.failure("offset outside the input") }
        var reader = Reader(bytes: bytes, position: offset, limits: self)
        let value = try reader.item(depth: 0)
        return (value, reader.position)
    }

    /// Decodes exactly one item that fills the whole input; trailing bytes are refused.
    public func decodeWhole(_ bytes: [UInt8]) throws -> CBORValue {
        let (value, end) = try decode(bytes)
        guard end == bytes.count else { throw Self.failure("\(bytes.count - end) trailing bytes") }
        return value
    }

    static func failure(_ reason: String, file: String = #fileID, line: UInt = #line) -> WebAuthnError {
        WebAuthnError(.malformedCBOR, reason, file: file, line: line)
    }

    private struct Reader {
        let bytes: [UInt8]
        var position: Int
        let limits: CBORDecoder

        var remaining: Int { bytes.count - position }

        mutating func byte() throws -> UInt8 {
            guard position < bytes.count else { throw CBORDecoder.failure("unexpected end of input") }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func take(_ count: Int) throws -> [UInt8] {
            guard count <= remaining else { throw CBORDecoder.failure("length beyond the input") }
            defer { position += count }
            return Array(bytes[position..<position + count])
        }

        /// The argument that follows an initial byte's additional information.
        mutating func argument(_ info: UInt8) throws -> UInt64 {
            switch info {
            case 0..<24: return UInt64(info)
            case 24: return UInt64(try byte())
            case 25, 26, 27:
                let width = 1 << Int(info - 24)
                var value: UInt64 = 0
                for byte in try take(width) { value = value << 8 | UInt64(byte) }
                return value
            case 31: throw CBORDecoder.failure("indefinite length not allowed")
            default: throw CBORDecoder.failure("reserved additional information \(info)")
            }
        }

        /// A length argument bounded by the input and the size cap.
        mutating func length(_ info: UInt8) throws -> Int {
            let value = try argument(info)
            guard value <= UInt64(limits.maximumLength), Int(value) <= remaining else {
                throw CBORDecoder.failure("length beyond the input or the size cap")
            }
            return Int(value)
        }

        mutating func item(depth: Int) throws -> CBORValue {
            let initial = try byte()
            let major = initial >> 5
            let info = initial & 0x1f
            switch major {
            case 0: return .unsigned(try argument(info))
            case 1: return .negative(try argument(info))
            case 2: return .bytes(try take(try length(info)))
            case 3:
                let raw = try take(try length(info))
                guard let text = String(validating: raw, as: UTF8.self) else {
                    throw CBORDecoder.failure("text string is not UTF-8")
                }
                return .text(text)
            case 4:
                guard depth < limits.maximumDepth else { throw CBORDecoder.failure("nesting deeper than \(limits.maximumDepth)") }
                let count = try length(info) // every item takes at least one byte
                var items = [CBORValue]()
                items.reserveCapacity(count)
                for _ in 0..<count { items.append(try item(depth: depth + 1)) }
                return .array(items)
            case 5:
                guard depth < limits.maximumDepth else { throw CBORDecoder.failure("nesting deeper than \(limits.maximumDepth)") }
                let count = try argument(info)
                guard count <= UInt64(limits.maximumMapEntries), Int(count) * 2 <= remaining else {
                    throw CBORDecoder.failure("map larger than \(limits.maximumMapEntries) entries or the input")
                }
                var entries = [CBORValue: CBORValue](minimumCapacity: Int(count))
                for _ in 0..<Int(count) {
                    let key = try item(depth: depth + 1)
                    let value = try item(depth: depth + 1)
                    guard entries.updateValue(value, forKey: key) == nil else {
                        throw CBORDecoder.failure("duplicate map key")
                    }
                }
                return .map(entries)
            case 6: throw CBORDecoder.failure("tags are not accepted")
            default:
                switch info {
                case 20: return .bool(false)
                case 21: return .bool(true)
                case 22: return .null
                default: throw CBORDecoder.failure("simple value or float \(info) not accepted")
                }
            }
        }
    }
}
