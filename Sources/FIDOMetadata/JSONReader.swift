import Foundation
import JOSE

/// Typed member access over a parsed JSON object, throwing `malformedPayload` with the member's path.
struct JSONReader {
    let members: [String: JSONValue]
    let path: String

    init(_ value: JSONValue, path: String) throws {
        guard let members = value.objectValue else { throw MetadataError(.malformedPayload, "\(path) is not an object") }
        self.members = members
        self.path = path
    }

    func string(_ name: String) throws -> String {
        guard let value = try optionalString(name) else { throw missing(name) }
        return value
    }

    func optionalString(_ name: String) throws -> String? {
        guard let value = members[name], value != .null else { return nil }
        guard let text = value.stringValue else { throw wrongType(name, "a string") }
        return text
    }

    func optionalInteger(_ name: String) throws -> Int? {
        guard let value = members[name], value != .null else { return nil }
        guard let number = value.numberValue, number.rounded() == number, abs(number) < 9_007_199_254_740_992 else {
            throw wrongType(name, "an integer")
        }
        return Int(number)
    }

    func optionalDate(_ name: String) throws -> Date? {
        guard let text = try optionalString(name) else { return nil }
        guard let date = MetadataDate.parse(text) else { throw wrongType(name, "a YYYY-MM-DD date") }
        return date
    }

    func array(_ name: String) throws -> [JSONValue] {
        guard let value = members[name], value != .null else { return [] }
        guard let elements = value.arrayValue else { throw wrongType(name, "an array") }
        return elements
    }

    func strings(_ name: String) throws -> [String] {
        try array(name).map { element in
            guard let text = element.stringValue else { throw wrongType(name, "an array of strings") }
            return text
        }
    }

    func missing(_ name: String) -> MetadataError {
        MetadataError(.malformedPayload, "\(path).\(name) is missing")
    }

    func wrongType(_ name: String, _ expected: String) -> MetadataError {
        MetadataError(.malformedPayload, "\(path).\(name) is not \(expected)")
    }
}

extension JSONReader {
    /// Standard base64 as MDS3 writes it; ASCII whitespace is dropped first (real BLOBs carry tabs and newlines in PEM-ish values).
    static func base64(_ text: String) -> [UInt8]? {
        let compact = text.utf8.filter { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        guard let data = Data(base64Encoded: Data(compact)), !data.isEmpty else { return nil }
        return Array(data)
    }
}
