import AuthCore
import Cryptography
import JOSE
import QRCode

/// Time-based one-time passwords (RFC 6238): kind `totp`, amr `otp`; serves login and step-up.
/// Accepts the current 30 s step and one step either side, and never a step at or before the last accepted one.
public struct TOTPFactor: FactorProvider {
    /// The stable kind.
    public static let kind = "totp"
    /// Seconds per step (RFC 6238's default, fixed by the product brief).
    public static let period: Int64 = 30
    /// Bytes of a new secret (160 bits, RFC 4226 §4's recommendation).
    public static let secretByteCount = 20

    public let descriptor = FactorDescriptor(kind: TOTPFactor.kind, amr: ["otp"], selfEnrollable: true, stepUpCapable: true)
    /// The configuration in effect.
    public let configuration: Configuration

    /// A plugin; throws for a configuration it cannot use.
    public init(_ configuration: Configuration = Configuration()) throws {
        try configuration.validate()
        self.configuration = configuration
    }

    public func beginEnrollment(_ context: FactorContext) throws -> EnrollmentStart {
        let parameters = try configuration.parameters(realm: context.realm)
        let secret = SecretBytes(context.random.bytes(Self.secretByteCount))
        let expiresAt = context.now + configuration.enrollmentLifetimeSeconds
        let pending = try TOTPEnrollment(secret: secret, parameters: parameters, expiresAt: expiresAt, context: context)
        let base32 = secret.withUnsafeBytes { Base32.encode($0) }
        let uri = OTPAuthURI(issuer: "\(configuration.issuer) (\(context.realm))", account: context.username, parameters: parameters)
            .text(secretBase32: base32)
        return EnrollmentStart(response: .object([
            "secret": .string(base32), "otpauth_uri": .string(uri), "qr_svg": .string(try QRCode(encoding: uri).svg()),
            "algorithm": .string(parameters.algorithm.rawValue), "digits": .number(Double(parameters.digits)),
            "period": .number(Double(parameters.period)), "expires_at": .number(Double(expiresAt)),
        ]), pending: pending.encoded)
    }

    public func finishEnrollment(_ context: FactorContext, pending: [UInt8], answer: JSONValue) throws -> EnrollmentOutcome {
        let enrollment = try TOTPEnrollment(decoding: pending)
        guard context.now < enrollment.expiresAt else {
            throw AuthError(.noPendingChallenge, "the TOTP enrolment expired; begin again")
        }
        let secret = try enrollment.secret(context: context)
        guard let code = answer["code"]?.stringValue,
              let step = enrollment.parameters.acceptedStep(for: code, secret: secret, at: context.now, after: nil) else {
            return .rejected(reason: "wrong or malformed code")
        }
        let id = Base64URL.encode(context.random.bytes(16))
        let sealed = try context.sealer.seal(secret, context: TOTPCredentialData.sealingContext(realm: context.realm, credentialID: id))
        // The enrolment code's step counts as used, so the same code cannot also sign in.
        let data = TOTPCredentialData(parameters: enrollment.parameters, sealedSecret: sealed, lastStep: step)
        return .enrolled(FactorCredential(id: id, userID: context.userID, kind: Self.kind, data: data.encoded, createdAt: context.now,
                                          lastUsedAt: context.now),
                         secrets: [], response: .emptyObject)
    }

    public func verify(_ context: FactorContext, credentials: [FactorCredential], pending: [UInt8]?,
                       answer: JSONValue) throws -> Verification {
        guard let code = answer["code"]?.stringValue else { return .rejected(reason: "no code") }
        for credential in credentials where credential.kind == Self.kind && credential.userID == context.userID {
            var data = try TOTPCredentialData(decoding: credential.data)
            let secret = try context.sealer.open(data.sealedSecret,
                                                 context: TOTPCredentialData.sealingContext(realm: context.realm, credentialID: credential.id))
            guard let step = data.parameters.acceptedStep(for: code, secret: secret, at: context.now, after: data.lastStep) else {
                continue
            }
            data.lastStep = step
            // The versioned write is the single-use guard: of two requests with one code, only one moves the version.
            guard try context.credentials.updateCredentialData(id: credential.id, expectedVersion: credential.version,
                                                               data: data.encoded, usedAt: context.now) else {
                return .rejected(reason: "code already used (concurrent submission)")
            }
            return .accepted(credentialID: credential.id, amr: descriptor.amr)
        }
        return .rejected(reason: "wrong, malformed, out-of-window or replayed code")
    }

    public func details(_ context: FactorContext, credential: FactorCredential) throws -> JSONValue {
        guard let data = try? TOTPCredentialData(decoding: credential.data) else { return .object(["readable": .bool(false)]) }
        return .object(["algorithm": .string(data.parameters.algorithm.rawValue), "digits": .number(Double(data.parameters.digits)),
                        "period": .number(Double(data.parameters.period))])
    }
}
