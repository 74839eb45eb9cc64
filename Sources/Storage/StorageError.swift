/// The one error type of the storage layer; `description` never contains a value, a secret or a connection string.
public struct StorageError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, as a stable identifier; new codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case connectionFailed, uniqueViolation, constraintViolation, busy, migrationFailed
            case schemaTooNew, invalidQuery, typeMismatch, notFound, invalidConfiguration
            case poolExhausted, realmMismatch, closed, queryFailed, ioFailure
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The server or file could not be reached, or the connection was lost.
        public static let connectionFailed = Code(.connectionFailed)
        /// A unique or primary-key constraint rejected the write.
        public static let uniqueViolation = Code(.uniqueViolation)
        /// Another integrity constraint (foreign key, check, not null) rejected the write.
        public static let constraintViolation = Code(.constraintViolation)
        /// A lock could not be taken in time, or the server aborted the transaction to resolve a conflict; retry.
        public static let busy = Code(.busy)
        /// A migration could not be applied.
        public static let migrationFailed = Code(.migrationFailed)
        /// The database records a schema version newer than this code knows.
        public static let schemaTooNew = Code(.schemaTooNew)
        /// The SQL text or its parameters are malformed.
        public static let invalidQuery = Code(.invalidQuery)
        /// A column holds a value of another kind than the one asked for.
        public static let typeMismatch = Code(.typeMismatch)
        /// A requested row or column does not exist.
        public static let notFound = Code(.notFound)
        /// The configuration (path, URL, pool size, realm id) is unusable.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// No pooled connection became free before the checkout timeout.
        public static let poolExhausted = Code(.poolExhausted)
        /// A realm store belongs to another realm than the one asked for.
        public static let realmMismatch = Code(.realmMismatch)
        /// The database was closed.
        public static let closed = Code(.closed)
        /// The backend reported an error of no more specific kind.
        public static let queryFailed = Code(.queryFailed)
        /// A file-system operation failed.
        public static let ioFailure = Code(.ioFailure)

        /// The stable identifier, e.g. `uniqueViolation`.
        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// A short human explanation, free of values and secrets.
    public let reason: String
    /// The source file that threw.
    public let file: String
    /// The source line that threw.
    public let line: Int

    /// Makes an error at the caller's location.
    public init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    /// `code: reason (file:line)`.
    public var description: String { "StorageError.\(code): \(reason) (\(file):\(line))" }

    /// Errors are equal when their codes are.
    public static func == (lhs: StorageError, rhs: StorageError) -> Bool { lhs.code == rhs.code }
}
