import Cryptography

/// Seals secrets at rest with AES-256-GCM under one key (today a local key file; the vault issue
/// moves it into the vault). The associated data binds a sealed value to what it belongs to.
public struct SecretSealer: Sendable {
    private let key: SecretBytes
    private let random: any RandomSource

    /// A sealer over a 32-byte key.
    public init(key: SecretBytes, random: any RandomSource = SystemRandom()) throws {
        guard key.count == AESGCM.keyByteCount else { throw AuthError(.invalidInput, "a sealing key has 32 bytes") }
        self.key = key
        self.random = random
    }

    /// Seals `secret`, bound to `context` (e.g. a key id or credential id).
    public func seal(_ secret: SecretBytes, context: String) throws -> [UInt8] {
        try AESGCM.seal(secret, key: key, authenticating: Array(context.utf8), using: random).combined
    }

    /// Opens a sealed value; throws when it was altered or sealed for another context.
    public func open(_ sealed: [UInt8], context: String) throws -> SecretBytes {
        try AESGCM.open(AESGCM.SealedBox(combined: sealed), key: key, authenticating: Array(context.utf8))
    }
}
