/// A value bound to or read from a SQL statement; the common currency of both backends.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// Whether this is SQL NULL.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name of the value's kind, for error messages (never the value itself).
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .integer: return "integer"
        case .real: return "real"
        case .text: return "text"
        case .blob: return "blob"
        }
    }
}

extension SQLValue: ExpressibleByIntegerLiteral {
    /// An integer value from a literal.
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

extension SQLValue: ExpressibleByFloatLiteral {
    /// A real value from a literal.
    public init(floatLiteral value: Double) { self = .real(value) }
}

extension SQLValue: ExpressibleByStringLiteral {
    /// A text value from a literal.
    public init(stringLiteral value: String) { self = .text(value) }
}

extension SQLValue: ExpressibleByNilLiteral {
    /// SQL NULL from `nil`.
    public init(nilLiteral: ()) { self = .null }
}

extension SQLValue: ExpressibleByBooleanLiteral {
    /// A boolean stored as integer 0 or 1 (the form both backends read back).
    public init(booleanLiteral value: Bool) { self = .integer(value ? 1 : 0) }
}

extension SQLValue {
    /// An integer value from any fixed-width integer.
    public init(_ value: some BinaryInteger) { self = .integer(Int64(value)) }

    /// A text value, or NULL when `value` is nil.
    public init(_ value: String?) { self = value.map { .text($0) } ?? .null }

    /// A blob value, or NULL when `value` is nil.
    public init(_ value: [UInt8]?) { self = value.map { .blob($0) } ?? .null }

    /// A boolean as integer 0 or 1.
    public init(_ value: Bool) { self = .integer(value ? 1 : 0) }
}
