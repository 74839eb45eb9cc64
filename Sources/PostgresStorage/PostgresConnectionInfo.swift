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

    /// Network keywords applied unless the connection string sets its own: TCP keepalives and a user timeout, so a
    /// half-open connection fails in about a minute instead of blocking a query for the kernel's ~15 minutes.
    static let networkDefaults: [(keyword: String, value: String)] = [
        ("keepalives", "1"), ("keepalives_idle", "30"), ("keepalives_interval", "10"), ("keepalives_count", "3"),
        ("tcp_user_timeout", "30000"),
    ]

    /// Server settings applied through `options` unless the connection string's `options` sets them itself.
    static let serverSettingDefaults: [(name: String, value: String)] = [
        ("statement_timeout", "30000"), ("idle_in_transaction_session_timeout", "60000"),
    ]

    /// The `options` value to connect with: the string's own `options` followed by each default setting it does
    /// not mention (nil when there is nothing to add).
    static func mergedOptions(for conninfo: String) -> String? {
        let own = (try? parse(conninfo))?.first { $0.keyword == "options" }?.value ?? ""
        let added = serverSettingDefaults.filter { !own.contains($0.name) }.map { "-c \($0.name)=\($0.value)" }
        guard !added.isEmpty else { return nil }
        return ([own].filter { !$0.isEmpty } + added).joined(separator: " ")
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
