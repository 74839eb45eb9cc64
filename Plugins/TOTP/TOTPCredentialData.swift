import Cryptography
import JOSE

/// What a TOTP credential stores: its parameters, the sealed secret, and the last accepted step (replay guard).
struct TOTPCredentialData: Sendable, Equatable {
    /// The code parameters chosen at enrolment.
    var parameters: OneTimePassword
    /// The secret, sealed with the realm's data key and bound to the credential id.
    var sealedSecret: [UInt8]
    /// The last time step whose code was accepted; a code of this step or an earlier one is refused.
    var lastStep: Int64?

    /// The sealing context of a credential's secret: realm and credential id.
    static func sealingContext(realm: String, credentialID: String) -> String {
        "gatehouse.totp|\(realm)|\(credentialID)"
    }

    /// The stored bytes (JSON).
    var encoded: [UInt8] {
        var members: [String: JSONValue] = [
            "v": .number(1), "algorithm": .string(parameters.algorithm.rawValue), "digits": .number(Double(parameters.digits)),
            "period": .number(Double(parameters.period)), "secret": .string(Base64URL.encode(sealedSecret)),
        ]
        members["last_step"] = lastStep.map { .number(Double($0)) } ?? .null
        return Array(JSONValue.object(members).jsonText.utf8)
    }

    /// Reads stored bytes; throws `.malformedData` for anything else.
    init(decoding bytes: [UInt8]) throws {
        guard let value = try? JSONValue(parsing: bytes), value["v"]?.numberValue == 1,
              let algorithm = value["algorithm"]?.stringValue.flatMap(TOTPAlgorithm.init(rawValue:)),
              let digits = value["digits"]?.numberValue, let period = value["period"]?.numberValue,
              let secret = value["secret"]?.stringValue, let sealed = try? Base64URL.decode(secret),
              let parameters = try? OneTimePassword(algorithm: algorithm, digits: Int(digits), period: Int64(period)) else {
            throw TOTPError(.malformedData, "unreadable TOTP credential data")
        }
        self.parameters = parameters
        self.sealedSecret = sealed
        self.lastStep = value["last_step"]?.numberValue.map { Int64($0) }
    }

    /// A value.
    init(parameters: OneTimePassword, sealedSecret: [UInt8], lastStep: Int64?) {
        self.parameters = parameters
        self.sealedSecret = sealedSecret
        self.lastStep = lastStep
    }
}
