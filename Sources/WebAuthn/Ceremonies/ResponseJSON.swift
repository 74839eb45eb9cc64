import Cryptography
import JOSE

/// Reading members of the WebAuthn response JSON objects.
enum ResponseJSON {
    /// A required string member.
    static func string(_ json: JSONValue?, _ name: String) throws -> String {
        guard let value = json?[name]?.stringValue else {
            throw WebAuthnError(.malformedResponse, "\(name) missing or not a string")
        }
        return value
    }

    /// A required base64url member (padding and the standard `+`/`/` alphabet tolerated, as some clients send them).
    static func bytes(_ json: JSONValue?, _ name: String) throws -> [UInt8] {
        try decode(string(json, name), name: name)
    }

    /// An optional base64url member (absent, null or empty string give nil).
    static func optionalBytes(_ json: JSONValue?, _ name: String) throws -> [UInt8]? {
        switch json?[name] {
        case nil, .null?: return nil
        case .string(let text)? where text.isEmpty: return nil
        case .string(let text)?: return try decode(text, name: name)
        default: throw WebAuthnError(.malformedResponse, "\(name) is not a string")
        }
    }

    static func decode(_ text: String, name: String) throws -> [UInt8] {
        var trimmed = Substring(text)
        while trimmed.hasSuffix("="), text.count - trimmed.count < 2 { trimmed = trimmed.dropLast() }
        let normalized = String(trimmed.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
        guard let bytes = try? Base64URL.decode(normalized) else {
            throw WebAuthnError(.malformedResponse, "\(name) is not base64url")
        }
        return bytes
    }

    /// Checks `type == "public-key"` and that `id` and `rawId` name the same bytes; returns them.
    static func credentialId(_ json: JSONValue) throws -> [UInt8] {
        guard try string(json, "type") == "public-key" else {
            throw WebAuthnError(.malformedResponse, "type is not public-key")
        }
        let rawId = try bytes(json, "rawId")
        guard try bytes(json, "id") == rawId else {
            throw WebAuthnError(.credentialIdMismatch, "id and rawId differ")
        }
        return rawId
    }
}
