import Foundation

/// Where log lines go; the default writes each line to standard output.
public typealias LogWriter = @Sendable (String) -> Void

/// Log helpers shared by the server's log lines.
public enum LogLine {
    /// Writes one line to standard output with a single write(2), so lines from threads never interleave;
    /// retried when a signal interrupts it, dropped when standard output is gone.
    @Sendable public static func standardOutput(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }   // e.g. EPIPE once the reader has gone (serve ignores SIGPIPE): drop the line
            offset += written
        }
    }

    /// One JSON object per line from string and number fields, in the order given. Hand-built:
    /// this runs once per request, and JSONEncoder would cost more than a health check.
    public static func json(_ fields: KeyValuePairs<String, LogValue>) -> String {
        var line = "{"
        line.reserveCapacity(256)
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { line += "," }
            JSONText.appendString(key, to: &line)
            line += ":"
            switch value {
            case .string(let value): JSONText.appendString(value, to: &line)
            case .int(let value): line += String(value)
            case .double(let value): line += value.isFinite ? "\(value)" : "null"
            }
        }
        return line + "}"
    }
}

/// A log field value.
public enum LogValue: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case string(String)
    case int(Int)
    case double(Double)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
}
