/// A TOTP plugin failure: a stable `code`, a short `reason` (never a secret or a submitted code), and where.
public struct TOTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable error code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case invalidConfiguration = "invalid_configuration"
            case malformedData = "malformed_data"
            case malformedInput = "malformed_input"
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A configuration value cannot be used.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// Stored credential or pending data cannot be read.
        public static let malformedData = Code(.malformedData)
        /// Input (such as base32 text) is malformed.
        public static let malformedInput = Code(.malformedInput)

        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// A short explanation.
    public let reason: String
    /// Where it was thrown.
    public let file: String
    public let line: Int

    /// An error.
    public init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    public var description: String { "TOTPError(\(code)): \(reason)" }

    public static func == (a: TOTPError, b: TOTPError) -> Bool { a.code == b.code }
}
