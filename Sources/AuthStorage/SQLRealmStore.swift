import AuthCore
import Foundation
import Storage

/// AuthCore's realm store over a `Database` (SQLite or PostgreSQL) migrated with `Schema.realm`.
///
/// Every single-use or versioned write is one conditional statement inside a transaction, so concurrent
/// callers (threads or instances sharing one PostgreSQL database) cannot both win.
public final class SQLRealmStore: RealmStore {
    /// The database the realm's tables live in.
    public let database: any Database

    /// A store over `database`, which must already be migrated with `Schema.realm`.
    public init(database: any Database) {
        self.database = database
    }

    /// Migrates `database` with `Schema.realm` and returns a store over it.
    public static func migrated(_ database: any Database) throws -> SQLRealmStore {
        try Migrator.migrate(database, schema: .realm)
        return SQLRealmStore(database: database)
    }
}

/// Column codecs shared by the per-concern extensions.
enum Columns {
    /// Space-separated words (roles); empty text for none.
    static func words(_ values: [String]) -> SQLValue { .text(values.joined(separator: " ")) }

    static func words(_ text: String) -> [String] {
        text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    }

    /// A JSON text column holding any `Codable` value (sorted keys, so equal values store equal text).
    static func json<T: Encodable>(_ value: T) throws -> SQLValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let text = String(data: try encoder.encode(value), encoding: .utf8) else {
            throw StorageError(.typeMismatch, "value did not encode as UTF-8 JSON")
        }
        return .text(text)
    }

    static func json<T: Decodable>(_ type: T.Type, _ row: Row, _ column: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(try row.string(column).utf8))
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError(.typeMismatch, "column '\(column)' does not hold the expected JSON")
        }
    }

    /// An optional integer column.
    static func int(_ value: Int64?) -> SQLValue { value.map { .integer($0) } ?? .null }

    /// `$first, $first+1, …` for a list of `count` parameters (an `IN (…)` list); "NULL" when empty.
    static func placeholders(from first: Int, count: Int) -> String {
        count == 0 ? "NULL" : (first..<(first + count)).map { "$\($0)" }.joined(separator: ", ")
    }
}
