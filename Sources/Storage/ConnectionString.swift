/// A database connection string: a secret that prints as `<redacted>` and is read only by the storage backends.
public struct ConnectionString: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable,
    ExpressibleByStringLiteral {
    /// The secret text; visible inside the storage package only.
    package let value: String

    /// Wraps a connection string (URL or `key=value` form).
    public init(_ value: String) { self.value = value }

    /// Wraps a literal connection string (tests).
    public init(stringLiteral value: String) { self.value = value }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }

    /// Always `<redacted>`.
    public var debugDescription: String { "<redacted>" }

    /// No children, so `dump()` and `Mirror` cannot reach the secret.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
