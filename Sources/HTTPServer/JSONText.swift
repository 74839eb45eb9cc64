/// Minimal JSON text building for the few documents the server writes by hand (log lines, problems).
public enum JSONText {
    /// Appends `value` as a JSON string literal, escaping quotes, backslashes and control characters.
    public static func appendString(_ value: String, to out: inout String) {
        out += "\""
        if !value.utf8.contains(where: needsEscape) {
            out += value  // the common case: nothing to escape, one append
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// A JSON string literal for `value`.
    public static func string(_ value: String) -> String {
        var out = ""
        appendString(value, to: &out)
        return out
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }
}
