import Cryptography

extension RecoveryCodeFactor {
    /// What an operator sets for recovery codes: the bcrypt cost (12; only tests go lower, by name).
    public struct Configuration: Sendable, Equatable {
        /// The bcrypt cost of stored codes (`$2b$12$…` in production).
        public private(set) var bcryptCost = Bcrypt.defaultCost
        /// Codes per generation (the product brief fixes ten).
        public static let codesPerGeneration = 10

        /// The production configuration.
        public init() {}

        /// A weak cost for tests and benchmarks only; the name says what it is.
        public static func insecureLowCost(_ cost: Int) -> Configuration {
            var configuration = Configuration()
            configuration.bcryptCost = cost
            return configuration
        }

        func validate() throws {
            guard Bcrypt.costRange.contains(bcryptCost) else {
                throw RecoveryCodeError(.invalidConfiguration, "bcrypt cost must be within \(Bcrypt.costRange)")
            }
        }
    }
}
