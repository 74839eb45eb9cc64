import Foundation
import CLibPQ
import Storage

/// Reads and rewrites libpq connection strings (URL or `key=value` form) without ever echoing them.
enum PostgresConnectionInfo {
    /// The options set in `conninfo`, as keyword → value; throws `.invalidConfiguration` when it does not parse.
    static func parse(_ conninfo: String) throws -> [(keyword: String, value: String)] {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &errorMessage) else {
            if let errorMessage { PQfreemem(errorMessage) }   // may quote the string: never shown
            throw StorageError(.invalidConfiguration, "malformed PostgreSQL connection string")
        }
        defer { PQconninfoFree(options) }
        var result: [(String, String)] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                result.append((String(cString: keyword), String(cString: value)))
            }
            option += 1
        }
        return result
    }

    /// The password in `conninfo`, if any, so that error text can be scrubbed of it.
    static func password(in conninfo: String) -> String? {
        (try? parse(conninfo))?.first { $0.keyword == "password" }?.value
    }

    /// `conninfo` with its database name replaced, as a `key='value'` string.
    static func replacingDatabase(in conninfo: String, with database: String) throws -> String {
        var options = try parse(conninfo).filter { $0.keyword != "dbname" }
        options.append(("dbname", database))
        return options.map { "\($0.keyword)='\(quote($0.value))'" }.joined(separator: " ")
    }

    private static func quote(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }

    /// A libpq error message cut to its cause and scrubbed of `secrets` (connection failures echo host and user).
    static func sanitize(_ message: String, removing secrets: [String]) -> String {
        var text = message
        if let range = text.range(of: "failed: ", options: .backwards) { text = String(text[range.upperBound...]) }
        text = String(text.prefix { $0 != "\n" }).trimmingCharacters(in: .whitespaces)
        for secret in secrets where !secret.isEmpty && text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return text.isEmpty ? "no detail" : text
    }
}
