/// One result row: values by column name, with typed accessors that throw `.typeMismatch`.
public struct Row: Sendable {
    /// Column names in result order.
    public let columns: [String]
    /// Values in result order.
    public let values: [SQLValue]
    private let index: [String: Int]

    /// A row from parallel column and value arrays (the first column wins when a name repeats).
    public init(columns: [String], values: [SQLValue]) {
        self.init(columns: columns, index: Row.makeIndex(columns), values: values)
    }

    /// A row that shares a precomputed name index with its siblings (backends build it once per result).
    package init(columns: [String], index: [String: Int], values: [SQLValue]) {
        self.columns = columns
        self.index = index
        self.values = values
    }

    /// Maps each column name to its first position.
    package static func makeIndex(_ columns: [String]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (i, name) in columns.enumerated() where index[name] == nil { index[name] = i }
        return index
    }

    /// The value of `column`, or `.null` when the row has no such column.
    public subscript(column: String) -> SQLValue {
        guard let i = index[column] else { return .null }
        return values[i]
    }

    /// Whether the row has a column named `column`.
    public func has(_ column: String) -> Bool { index[column] != nil }

    private func value(_ column: String) throws -> SQLValue {
        guard let i = index[column] else { throw StorageError(.notFound, "no column '\(column)' in result") }
        return values[i]
    }

    private func mismatch(_ column: String, _ want: String, _ got: SQLValue) -> StorageError {
        StorageError(.typeMismatch, "column '\(column)' is \(got.kindName), not \(want)")
    }

    /// The integer in `column`; throws when it is NULL or of another kind.
    public func int(_ column: String) throws -> Int64 {
        guard let v = try optionalInt(column) else { throw mismatch(column, "integer", .null) }
        return v
    }

    /// The integer in `column`, or nil when NULL.
    public func optionalInt(_ column: String) throws -> Int64? {
        switch try value(column) {
        case .null: return nil
        case .integer(let v): return v
        case let other: throw mismatch(column, "integer", other)
        }
    }

    /// The real in `column` (integers widen); throws when NULL or of another kind.
    public func double(_ column: String) throws -> Double {
        guard let v = try optionalDouble(column) else { throw mismatch(column, "real", .null) }
        return v
    }

    /// The real in `column` (integers widen), or nil when NULL.
    public func optionalDouble(_ column: String) throws -> Double? {
        switch try value(column) {
        case .null: return nil
        case .real(let v): return v
        case .integer(let v): return Double(v)
        case let other: throw mismatch(column, "real", other)
        }
    }

    /// The text in `column`; throws when NULL or of another kind.
    public func string(_ column: String) throws -> String {
        guard let v = try optionalString(column) else { throw mismatch(column, "text", .null) }
        return v
    }

    /// The text in `column`, or nil when NULL.
    public func optionalString(_ column: String) throws -> String? {
        switch try value(column) {
        case .null: return nil
        case .text(let v): return v
        case let other: throw mismatch(column, "text", other)
        }
    }

    /// The bytes in `column`; throws when NULL or of another kind.
    public func blob(_ column: String) throws -> [UInt8] {
        guard let v = try optionalBlob(column) else { throw mismatch(column, "blob", .null) }
        return v
    }

    /// The bytes in `column`, or nil when NULL.
    public func optionalBlob(_ column: String) throws -> [UInt8]? {
        switch try value(column) {
        case .null: return nil
        case .blob(let v): return v
        case let other: throw mismatch(column, "blob", other)
        }
    }

    /// The boolean stored as integer 0/1 in `column`; throws when NULL or of another kind.
    public func bool(_ column: String) throws -> Bool {
        try int(column) != 0
    }
}
