import Cryptography
import Workers

/// Hashes and verifies passwords on the bounded hashing pool: argon2id for new hashes,
/// imported bcrypt `$2b$` accepted and rehashed. Unknown users are checked against a dummy
/// hash so a wrong username costs what a wrong password costs.
public struct PasswordHasher: Sendable {
    /// Accepted password lengths in characters.
    public static let lengthRange = 12...256

    /// The argon2id parameters of new hashes.
    public let parameters: Argon2id.Parameters
    private let pool: WorkerPool
    private let dummyHash: String

    /// A hasher with `parameters`, running on `pool`.
    public init(parameters: Argon2id.Parameters = .default, pool: WorkerPool) throws {
        self.parameters = parameters
        self.pool = pool
        dummyHash = try Argon2id.hash(password: SecretBytes(randomCount: 32), parameters: parameters)
    }

    /// Checks a password's length; throws `.invalidInput` naming the rule (never the password).
    public static func validate(_ password: SecretBytes) throws {
        let characters = password.withUnsafeBytes { String(decoding: $0, as: UTF8.self).count }
        guard lengthRange.contains(characters) else {
            throw AuthError(.invalidInput, "a password has \(lengthRange.lowerBound) to \(lengthRange.upperBound) characters")
        }
    }

    /// A new argon2id hash.
    public func hash(_ password: SecretBytes) throws -> String {
        let parameters = self.parameters
        return try pool.run { try Argon2id.hash(password: password, parameters: parameters) }
    }

    /// The outcome of a verification.
    public struct Outcome: Sendable {
        /// Whether the password matched.
        public let matched: Bool
        /// A new hash to store, when the old one used other parameters or another algorithm.
        public let rehash: String?
    }

    /// Verifies `password` against `stored`, or against the dummy hash when there is no user.
    public func verify(_ password: SecretBytes, against stored: String?) throws -> Outcome {
        let parameters = self.parameters, dummy = dummyHash
        return try pool.run {
            guard let stored else {
                _ = try? Argon2id.verify(password: password, against: dummy)
                return Outcome(matched: false, rehash: nil)
            }
            let isBcrypt = stored.hasPrefix("$2")
            let matched = (try? (isBcrypt ? Bcrypt.verify(password: password, against: stored)
                                          : Argon2id.verify(password: password, against: stored))) ?? false
            guard matched else { return Outcome(matched: false, rehash: nil) }
            let stale = isBcrypt || ((try? Argon2id.needsRehash(stored, target: parameters)) ?? true)
            return Outcome(matched: true, rehash: stale ? try Argon2id.hash(password: password, parameters: parameters) : nil)
        }
    }
}
