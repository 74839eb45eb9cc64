import AuthCore
import Cryptography
import JOSE

/// A begun TOTP enrolment as the flow keeps it until `finish`: parameters, expiry, and the secret sealed
/// to this realm, user and expiry (the flow store does not seal pending state itself).
struct TOTPEnrollment: Sendable {
    /// The code parameters offered.
    let parameters: OneTimePassword
    /// When the enrolment can no longer be finished (Unix seconds).
    let expiresAt: Int64
    /// The sealed secret.
    let sealedSecret: [UInt8]

    static func sealingContext(realm: String, userID: String, expiresAt: Int64) -> String {
        "gatehouse.totp.enrollment|\(realm)|\(userID)|\(expiresAt)"
    }

    /// Seals `secret` for the context's user.
    init(secret: SecretBytes, parameters: OneTimePassword, expiresAt: Int64, context: FactorContext) throws {
        self.parameters = parameters
        self.expiresAt = expiresAt
        sealedSecret = try context.sealer.seal(secret, context: Self.sealingContext(realm: context.realm, userID: context.userID,
                                                                                      expiresAt: expiresAt))
    }

    /// The pending bytes.
    var encoded: [UInt8] {
        Array(JSONValue.object([
            "algorithm": .string(parameters.algorithm.rawValue), "digits": .number(Double(parameters.digits)),
            "expires_at": .number(Double(expiresAt)), "secret": .string(Base64URL.encode(sealedSecret)),
        ]).jsonText.utf8)
    }

    /// Reads pending bytes.
    init(decoding bytes: [UInt8]) throws {
        guard let value = try? JSONValue(parsing: bytes),
              let algorithm = value["algorithm"]?.stringValue.flatMap(TOTPAlgorithm.init(rawValue:)),
              let digits = value["digits"]?.numberValue, let expiresAt = value["expires_at"]?.numberValue,
              let secret = value["secret"]?.stringValue, let sealed = try? Base64URL.decode(secret),
              let parameters = try? OneTimePassword(algorithm: algorithm, digits: Int(digits), period: TOTPFactor.period) else {
            throw TOTPError(.malformedData, "unreadable pending TOTP enrolment")
        }
        self.parameters = parameters
        self.expiresAt = Int64(expiresAt)
        self.sealedSecret = sealed
    }

    /// Opens the secret; throws when the pending state was altered or belongs to another user or realm.
    func secret(context: FactorContext) throws -> SecretBytes {
        try context.sealer.open(sealedSecret, context: Self.sealingContext(realm: context.realm, userID: context.userID,
                                                                           expiresAt: expiresAt))
    }
}
