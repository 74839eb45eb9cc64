/// The request target (path and query) parsed from the raw URI, refusing what no route should ever see.
struct RequestTarget: Equatable {
    let path: String
    let segments: [String]
    let query: [(name: String, value: String)]

    static func == (a: RequestTarget, b: RequestTarget) -> Bool {
        a.path == b.path && a.segments == b.segments && a.query.map { [$0.name, $0.value] } == b.query.map { [$0.name, $0.value] }
    }

    /// Why a target was refused; the message never repeats the target.
    struct Invalid: Error, Equatable {
        let detail: String
    }

    /// Parses an origin-form target (`/a/b%20c?x=1`): percent-decodes each segment separately,
    /// and refuses NUL, invalid UTF-8, control characters, `.`/`..` segments and encoded slashes.
    static func parse(_ raw: [UInt8]) throws(Invalid) -> RequestTarget {
        guard raw.first == UInt8(ascii: "/") else { throw Invalid(detail: "The request target must be an absolute path.") }
        let queryStart = raw.firstIndex(of: UInt8(ascii: "?")) ?? raw.endIndex
        let rawPath = raw[..<queryStart]
        var segments: [String] = []
        for rawSegment in rawPath.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            let segment = try decode(rawSegment, plusIsSpace: false)
            if segment == "." || segment == ".." { throw Invalid(detail: "The path must not contain dot segments.") }
            if segment.contains("/") { throw Invalid(detail: "The path must not contain encoded slashes.") }
            segments.append(segment)
        }
        var query: [(String, String)] = []
        if queryStart < raw.endIndex {
            for pair in raw[(queryStart + 1)...].split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
                let equals = pair.firstIndex(of: UInt8(ascii: "=")) ?? pair.endIndex
                let name = try decode(pair[..<equals], plusIsSpace: true)
                let value = equals < pair.endIndex ? try decode(pair[(equals + 1)...], plusIsSpace: true) : ""
                query.append((name, value))
            }
        }
        let path = "/" + segments.joined(separator: "/") + (rawPath.count > 1 && rawPath.last == UInt8(ascii: "/") ? "/" : "")
        return RequestTarget(path: path, segments: segments, query: query)
    }

    private static func decode(_ bytes: ArraySlice<UInt8>, plusIsSpace: Bool) throws(Invalid) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex,
                      let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else {
                    throw Invalid(detail: "The request target has a malformed percent-encoding.")
                }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        if out.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw Invalid(detail: "The request target must not contain NUL or control characters.")
        }
        guard let text = String(validating: out, as: UTF8.self) else {
            throw Invalid(detail: "The request target is not valid UTF-8.")
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
