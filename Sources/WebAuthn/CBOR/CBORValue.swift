/// A decoded CBOR data item (the RFC 8949 subset WebAuthn uses: no tags, no floats, definite lengths).
public enum CBORValue: Sendable, Hashable {
    /// An unsigned integer (major type 0).
    case unsigned(UInt64)
    /// A negative integer −1 − n (major type 1), stored as n.
    case negative(UInt64)
    /// A byte string (major type 2).
    case bytes([UInt8])
    /// A UTF-8 text string (major type 3).
    case text(String)
    /// An array (major type 4).
    case array([CBORValue])
    /// A map (major type 5) with unique keys.
    case map([CBORValue: CBORValue])
    /// `false` or `true`.
    case bool(Bool)
    /// `null`.
    case null

    /// The value as a signed integer, when it is an integer that fits in `Int64`.
    public var intValue: Int64? {
        switch self {
        case .unsigned(let n): n <= UInt64(Int64.max) ? Int64(n) : nil
        case .negative(let n): n <= UInt64(Int64.max) ? -1 - Int64(n) : nil
        default: nil
        }
    }

    /// The bytes of a byte string.
    public var bytesValue: [UInt8]? {
        if case .bytes(let value) = self { return value }
        return nil
    }

    /// The string of a text string.
    public var textValue: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    /// The items of an array.
    public var arrayValue: [CBORValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The entries of a map.
    public var mapValue: [CBORValue: CBORValue]? {
        if case .map(let value) = self { return value }
        return nil
    }

    /// The value stored under a text key in a map.
    public subscript(key: String) -> CBORValue? {
        mapValue?[.text(key)]
    }

    /// The value stored under an integer key in a map (COSE labels).
    public subscript(label: Int64) -> CBORValue? {
        mapValue?[label >= 0 ? .unsigned(UInt64(label)) : .negative(UInt64(-1 - label))]
    }
}
