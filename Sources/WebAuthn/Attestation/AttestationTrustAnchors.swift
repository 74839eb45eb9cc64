import Cryptography

/// A source of attestation root certificates (FIDO MDS3 implements it).
public protocol AttestationTrustAnchors: Sendable {
    /// The roots for a model, found by AAGUID or by attestation key identifiers (U2F), for a format.
    func roots(format: String, aaguid: String, attestationKeyIdentifiers: [String]) -> [Certificate]
}

/// A fixed in-memory set of anchors, for tests and small deployments.
public struct InMemoryTrustAnchors: AttestationTrustAnchors {
    /// Roots for any model.
    public var roots: [Certificate]
    /// Roots by lowercase AAGUID.
    public var rootsByAAGUID: [String: [Certificate]]
    /// Roots by attestation key identifier.
    public var rootsByKeyIdentifier: [String: [Certificate]]

    /// Anchors from explicit lists.
    public init(roots: [Certificate] = [], rootsByAAGUID: [String: [Certificate]] = [:],
                rootsByKeyIdentifier: [String: [Certificate]] = [:]) {
        self.roots = roots
        self.rootsByAAGUID = rootsByAAGUID
        self.rootsByKeyIdentifier = rootsByKeyIdentifier
    }

    /// The model's roots plus the general roots.
    public func roots(format: String, aaguid: String, attestationKeyIdentifiers: [String]) -> [Certificate] {
        var found = rootsByAAGUID[aaguid.lowercased()] ?? []
        for identifier in attestationKeyIdentifiers { found += rootsByKeyIdentifier[identifier] ?? [] }
        return found + roots
    }
}
