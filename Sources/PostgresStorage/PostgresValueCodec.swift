import CLibPQ
import Storage

/// Converts SQLValue to libpq parameters and text-format results back to SQLValue by column type OID.
enum PostgresValueCodec {
    /// A parameter as libpq takes it: type OID (0 lets the server infer), bytes (nil for NULL), format (0 text, 1 binary).
    struct Parameter {
        var type: Oid
        var bytes: [UInt8]?
        var format: Int32
    }

    private static let boolOID: Oid = 16, byteaOID: Oid = 17, int8OID: Oid = 20, int2OID: Oid = 21
    private static let int4OID: Oid = 23, oidOID: Oid = 26, float4OID: Oid = 700, float8OID: Oid = 701

    /// Text for numbers and strings (the server infers the type from context, so `'1'` suits BIGINT or BOOLEAN);
    /// bytea travels in binary format, raw bytes. Text containing NUL is refused: libpq would cut it there.
    static func encode(_ value: SQLValue) throws -> Parameter {
        switch value {
        case .null:
            return Parameter(type: 0, bytes: nil, format: 0)
        case .integer(let v):
            return Parameter(type: 0, bytes: Array(String(v).utf8), format: 0)
        case .real(let v):
            let text: String
            if v.isNaN { text = "NaN" } else if v.isInfinite { text = v < 0 ? "-Infinity" : "Infinity" } else { text = "\(v)" }
            return Parameter(type: 0, bytes: Array(text.utf8), format: 0)
        case .text(let v):
            let bytes = Array(v.utf8)
            guard !bytes.contains(0) else { throw StorageError(.invalidQuery, "text parameters must not contain NUL") }
            return Parameter(type: 0, bytes: bytes, format: 0)
        case .blob(let v):
            return Parameter(type: byteaOID, bytes: v, format: 1)
        }
    }

    /// Every row of a tuples result.
    static func rows(of result: OpaquePointer) -> [Row] {
        let rowCount = Int(PQntuples(result)), columnCount = Int(PQnfields(result))
        guard rowCount > 0 else { return [] }
        let names = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        let types = (0..<columnCount).map { PQftype(result, Int32($0)) }
        let index = Row.makeIndex(names)
        return (0..<rowCount).map { r in
            let values = (0..<columnCount).map { c in value(result, Int32(r), Int32(c), type: types[c]) }
            return Row(columns: names, index: index, values: values)
        }
    }

    private static func value(_ result: OpaquePointer, _ row: Int32, _ column: Int32, type: Oid) -> SQLValue {
        if PQgetisnull(result, row, column) != 0 { return .null }
        let length = Int(PQgetlength(result, row, column))
        let bytes = UnsafeRawBufferPointer(start: PQgetvalue(result, row, column), count: length)
        let text = String(decoding: bytes, as: UTF8.self)
        switch type {
        case int2OID, int4OID, int8OID, oidOID:
            return Int64(text).map(SQLValue.integer) ?? .text(text)
        case float4OID, float8OID:
            return parseDouble(text).map(SQLValue.real) ?? .text(text)
        case boolOID:
            return .integer(text == "t" ? 1 : 0)
        case byteaOID:
            return decodeBytea(bytes).map(SQLValue.blob) ?? .text(text)
        default:
            return .text(text)
        }
    }

    private static func parseDouble(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return Double(text)
        }
    }

    /// Decodes bytea's hex output form `\x0a1b…`; nil for anything else.
    static func decodeBytea(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        guard text.count >= 2, text[0] == UInt8(ascii: "\\"), text[1] == UInt8(ascii: "x"), text.count % 2 == 0 else {
            return nil
        }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 2 - 1)
        var i = 2
        while i < text.count {
            guard let hi = nibble(text[i]), let lo = nibble(text[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}
