import Storage

extension PostgresDatabase {
    /// Creates a database on this server unless it exists (CREATE DATABASE cannot run in a transaction).
    /// `name` must be a plain identifier (`[a-z0-9_]`), which realm ids mapped by the locator always are.
    public func createDatabaseIfMissing(_ name: String) throws {
        guard !name.isEmpty, name.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) else {
            throw StorageError(.invalidConfiguration, "a database name is [a-z0-9_]+")
        }
        let exists = try read { try $0.query("SELECT 1 FROM pg_database WHERE datname = $1", [.text(name)]) }
        guard exists.isEmpty else { return }
        do {
            try withConnection { try $0.executeScript("CREATE DATABASE \(name)") }
        } catch {
            // Another instance may have created it meanwhile (42P04); anything else stands.
            let created = try read { try $0.query("SELECT 1 FROM pg_database WHERE datname = $1", [.text(name)]) }
            if created.isEmpty { throw error }
        }
    }
}
