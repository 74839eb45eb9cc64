/// The factor plugins of this server: filled in the composition root, immutable afterwards.
public struct FactorRegistry: Sendable {
    private var providers: [String: any FactorProvider] = [:]
    /// The kinds in registration order.
    public private(set) var kinds: [String] = []

    /// An empty registry.
    public init() {}

    /// Registers a plugin; a kind registered twice is refused (a start-up error).
    public mutating func register(_ provider: any FactorProvider) throws {
        let kind = provider.descriptor.kind
        guard providers[kind] == nil else { throw AuthError(.conflict, "factor kind '\(kind)' is registered twice") }
        providers[kind] = provider
        kinds.append(kind)
    }

    /// The plugin for a kind; nil for a kind no plugin claims (callers fail closed).
    public func provider(_ kind: String) -> (any FactorProvider)? {
        providers[kind]
    }
}
