import JOSE
import Cryptography

/// What a factor plugin is: its kind, what it proves, and where it may be used.
public struct FactorDescriptor: Sendable, Equatable {
    /// The stable kind (`totp`, `recovery_code`, `webauthn`).
    public let kind: String
    /// The RFC 8176 `amr` values a successful verification yields (e.g. `otp`; `hwk` or `swk`).
    public let amr: [String]
    /// Whether users may enrol it themselves (in the login flow and under `/me/factors`).
    public let selfEnrollable: Bool
    /// Whether it may serve step-up (realm policy may narrow this further).
    public let stepUpCapable: Bool
    /// Whether it counts as a user's factor when deciding if enrolment is needed (recovery codes do not).
    public let isPrimary: Bool
    /// Whether the server issues it (through `issue`) when a user enrols their first factor in a login flow.
    public let issuedWithFirstFactor: Bool
    /// Whether an answer names its own user and proves two factors at once (a passkey with user verification),
    /// so it may sign in without a username or password where the realm allows passwordless sign-in.
    public let passwordless: Bool

    /// A descriptor.
    public init(kind: String, amr: [String], selfEnrollable: Bool, stepUpCapable: Bool, isPrimary: Bool = true,
                issuedWithFirstFactor: Bool = false, passwordless: Bool = false) {
        self.kind = kind
        self.amr = amr
        self.selfEnrollable = selfEnrollable
        self.stepUpCapable = stepUpCapable
        self.isPrimary = isPrimary
        self.issuedWithFirstFactor = issuedWithFirstFactor
        self.passwordless = passwordless
    }
}

/// What a plugin gets for one operation: the realm, the user, its store, time and randomness.
public struct FactorContext: Sendable {
    /// The realm.
    public let realm: String
    /// The user's id.
    public let userID: String
    /// The user's name (for labels such as an otpauth URI).
    public let username: String
    /// The realm's issuer (`{public base}/realms/{realm}`).
    public let issuer: String
    /// The realm's credentials.
    public let credentials: any CredentialStore
    /// Seals and opens plugin secrets with the realm's data key.
    public let sealer: SecretSealer
    /// Now, in Unix seconds.
    public let now: Int64
    /// Randomness.
    public let random: any RandomSource
    /// Records a security event about this user (e.g. `recovery_codes.low`); details must hold no secret.
    public let report: @Sendable (_ type: String, _ details: [String: String]) throws -> Void

    /// A context (the engine builds these; tests build them over an in-memory store).
    public init(realm: String, userID: String, username: String, issuer: String, credentials: any CredentialStore,
                sealer: SecretSealer, now: Int64, random: any RandomSource,
                report: @escaping @Sendable (_ type: String, _ details: [String: String]) throws -> Void = { _, _ in }) {
        self.realm = realm
        self.userID = userID
        self.username = username
        self.issuer = issuer
        self.credentials = credentials
        self.sealer = sealer
        self.now = now
        self.random = random
        self.report = report
    }
}

/// A credential the server generated and stored itself (a fresh set of recovery codes).
public struct IssuedCredential: Sendable {
    /// The credential's id.
    public let credentialID: String
    /// Shown to the client once (e.g. `{"recovery_codes": […]}`).
    public let response: JSONValue

    /// An issued credential.
    public init(credentialID: String, response: JSONValue) {
        self.credentialID = credentialID
        self.response = response
    }
}

/// The start of an enrolment: what the client sees, and state the server keeps until `finish`.
public struct EnrollmentStart: Sendable {
    /// Shown to the client (e.g. a TOTP URI and QR code).
    public let response: JSONValue
    /// Kept server-side in the flow, single-use; may hold secrets (the flow store keeps it sealed).
    public let pending: [UInt8]

    /// An enrolment start.
    public init(response: JSONValue, pending: [UInt8]) {
        self.response = response
        self.pending = pending
    }
}

/// The end of an enrolment.
public enum EnrollmentOutcome: Sendable {
    /// The credential to store (with any single-use secrets), what to show the client once, and the
    /// `amr` values this enrolment proved (nil: the descriptor's; WebAuthn's depend on the attestation).
    case enrolled(FactorCredential, secrets: [(lookup: String, value: String)], response: JSONValue, amr: [String]? = nil)
    /// The answer did not prove possession; the reason is for logs, not the client.
    case rejected(reason: String)
}

/// A challenge for a verification (may be empty) and state kept until the answer.
public struct FactorChallenge: Sendable {
    /// Sent to the client.
    public let response: JSONValue
    /// Kept server-side in the flow, single-use.
    public let pending: [UInt8]

    /// A challenge.
    public init(response: JSONValue = .emptyObject, pending: [UInt8] = []) {
        self.response = response
        self.pending = pending
    }
}

/// The outcome of checking an answer: a value, not an error.
public enum Verification: Sendable, Equatable {
    /// Accepted: which credential, and the `amr` values it yields this time.
    case accepted(credentialID: String, amr: [String])
    /// Refused; the reason is for logs and events, never for the client.
    case rejected(reason: String)
}

/// A kind of second factor. Plugins depend on AuthCore only, keep their state through
/// `FactorContext.credentials`, and are registered explicitly in the composition root.
public protocol FactorProvider: Sendable {
    /// What the plugin is.
    var descriptor: FactorDescriptor { get }
    /// Starts an enrolment for the context's user.
    func beginEnrollment(_ context: FactorContext) throws -> EnrollmentStart
    /// Finishes an enrolment with the client's answer and the state from `beginEnrollment`.
    func finishEnrollment(_ context: FactorContext, pending: [UInt8], answer: JSONValue) throws -> EnrollmentOutcome
    /// A challenge for the user's credentials of this kind (empty for TOTP).
    func challenge(_ context: FactorContext, credentials: [FactorCredential]) throws -> FactorChallenge
    /// Checks an answer against the user's credentials of this kind; consumes single-use state atomically.
    func verify(_ context: FactorContext, credentials: [FactorCredential], pending: [UInt8]?, answer: JSONValue) throws -> Verification
    /// Non-secret details for `/me/factors` (e.g. remaining recovery codes).
    func details(_ context: FactorContext, credential: FactorCredential) throws -> JSONValue
    /// Generates and stores a fresh credential of this kind, replacing `existing` (the user's credentials of
    /// this kind); nil for kinds the user proves rather than receives (the default).
    func issue(_ context: FactorContext, replacing existing: [FactorCredential]) throws -> IssuedCredential?
    /// For a `passwordless` kind: a challenge naming no credential (the authenticator offers its discoverable
    /// ones). Its `pending` comes back to `verify`, which must then insist that the answer proves the user too.
    func passwordlessChallenge(realm: String, random: any RandomSource) throws -> FactorChallenge
    /// For a `passwordless` kind: the external id of the credential an answer names, which the engine looks up
    /// to learn the user (nil: the answer names none).
    func credentialReference(in answer: JSONValue) -> String?
}

extension FactorProvider {
    public func challenge(_ context: FactorContext, credentials: [FactorCredential]) throws -> FactorChallenge {
        FactorChallenge()
    }

    public func details(_ context: FactorContext, credential: FactorCredential) throws -> JSONValue {
        .emptyObject
    }

    public func issue(_ context: FactorContext, replacing existing: [FactorCredential]) throws -> IssuedCredential? {
        nil
    }

    public func passwordlessChallenge(realm: String, random: any RandomSource) throws -> FactorChallenge {
        throw AuthError(.factorNotAllowed, "factor '\(descriptor.kind)' cannot sign in without a password")
    }

    public func credentialReference(in answer: JSONValue) -> String? {
        nil
    }
}
