import AuthCore
import Cryptography
import FIDOMetadata
import Foundation
import JOSE
import WebAuthn

/// Passkeys and security keys (WebAuthn Level 3), with FIDO MDS3 deciding which models are trusted.
///
/// amr: `hwk` when MDS3 vouches for the model, `swk` otherwise (unattested or unknown models, when the
/// realm accepts them), plus `user` when the authenticator verified the user. A signature counter that
/// does not increase is a `webauthn.counter_regression` event; the realm's counter policy decides.
public struct WebAuthnFactor: FactorProvider {
    /// The stable kind.
    public static let kind = "webauthn"
    /// Event types this plugin records.
    public enum Event {
        public static let counterRegression = "webauthn.counter_regression"
        public static let modelUntrusted = "webauthn.model_untrusted"
    }

    public let descriptor = FactorDescriptor(kind: WebAuthnFactor.kind, amr: ["hwk", "swk", "user"],
                                             selfEnrollable: true, stepUpCapable: true, passwordless: true)
    /// The configuration.
    public let configuration: Configuration
    /// The FIDO metadata in use (empty until a BLOB is loaded: every model is then unknown).
    public let metadata: MetadataRegistry

    /// A plugin with its configuration and metadata registry.
    public init(configuration: Configuration, metadata: MetadataRegistry = MetadataRegistry()) {
        self.configuration = configuration
        self.metadata = metadata
    }

    // MARK: Registration

    public func beginEnrollment(_ context: FactorContext) throws -> EnrollmentStart {
        let settings = configuration.settings(for: context.realm)
        let challenge = context.random.bytes(32)
        let existing = try webAuthnCredentials(context).map { try WebAuthnCredentialData.decode($0.data).descriptor }
        let options = CreationOptions(rpID: settings.rpID, rpName: configuration.rpName, userID: userHandle(context),
                                      userName: context.username, userDisplayName: context.username, challenge: challenge,
                                      excludeCredentials: existing, residentKey: .preferred,
                                      userVerification: settings.requireUserVerification ? .required : .preferred)
        return EnrollmentStart(response: options.json, pending: challenge)
    }

    public func finishEnrollment(_ context: FactorContext, pending: [UInt8], answer: JSONValue) throws -> EnrollmentOutcome {
        let settings = configuration.settings(for: context.realm)
        let now = Date(timeIntervalSince1970: TimeInterval(context.now))
        let registered: RegisteredCredential
        do {
            registered = try RegistrationVerifier(policy: policy(settings), trustAnchors: MetadataAnchors(registry: metadata))
                .verify(response: answer, expectedChallenge: pending, now: now)
        } catch let error as WebAuthnError {
            return .rejected(reason: error.code.description)
        }
        let attestation = registered.attestation
        if attestation.type == .none && !settings.acceptNoneAttestation { return .rejected(reason: "none_attestation_refused") }
        let trust = metadata.evaluate(aaguid: AAGUID(attestation.aaguid), attestationKeyIdentifiers: attestation.attestationKeyIdentifiers,
                                      attestationCertificate: attestation.trustPath.first, at: now, policy: metadataPolicy(settings))
        let trusted: Bool
        switch trust {
        case .refused(let status, let reason): return .rejected(reason: "model_refused_\(status?.description ?? reason.rawValue)")
        case .trusted: trusted = attestation.reachedAnchor
        case .unknown: trusted = false
        }
        if metadataPolicy(settings).requireTrustedModel && !trusted { return .rejected(reason: "untrusted_model") }
        let credentialID = Base64URL.encode(registered.credentialId)
        if try webAuthnCredentials(context).contains(where: { (try? WebAuthnCredentialData.decode($0.data))?.credentialID == credentialID }) {
            return .rejected(reason: "credential_already_registered")
        }
        let data = WebAuthnCredentialData(
            credentialID: credentialID, publicKey: Base64URL.encode(registered.publicKey), algorithm: registered.algorithm.rawValue,
            signCount: registered.signCount, aaguid: attestation.aaguid, backupEligible: registered.backupEligible,
            userHandle: Base64URL.encode(userHandle(context)), transports: registered.transports, format: attestation.format,
            attestationType: attestation.type.rawValue, trustedModel: trusted,
            attestationKeyIdentifiers: attestation.attestationKeyIdentifiers)
        // The credential id is unique in the realm (the store's unique index refuses a second registration).
        let credential = FactorCredential(id: Base64URL.encode(context.random.bytes(12)), userID: context.userID, kind: Self.kind,
                                          data: try data.encoded(), createdAt: context.now, externalID: credentialID)
        return .enrolled(credential, secrets: [], response: .object(["credential_id": .string(credentialID)]),
                         amr: amr(trusted: trusted, userVerified: registered.userVerified))
    }

    // MARK: Authentication

    public func challenge(_ context: FactorContext, credentials: [FactorCredential]) throws -> FactorChallenge {
        let settings = configuration.settings(for: context.realm)
        let challenge = context.random.bytes(32)
        let allowed = try credentials.map { try WebAuthnCredentialData.decode($0.data).descriptor }
        let options = RequestOptions(challenge: challenge, rpID: settings.rpID, allowCredentials: allowed,
                                     userVerification: settings.requireUserVerification ? .required : .preferred)
        return FactorChallenge(response: options.json, pending: PendingChallenge(challenge: challenge, discoverable: false).encoded)
    }

    /// Passwordless sign-in: no allow-list (the authenticator offers its discoverable credentials) and user
    /// verification required, because the passkey is then both factors.
    public func passwordlessChallenge(realm: String, random: any RandomSource) throws -> FactorChallenge {
        let challenge = random.bytes(32)
        let options = RequestOptions(challenge: challenge, rpID: configuration.settings(for: realm).rpID, allowCredentials: [],
                                     userVerification: .required)
        return FactorChallenge(response: options.json, pending: PendingChallenge(challenge: challenge, discoverable: true).encoded)
    }

    /// The credential id an `AuthenticationResponseJSON` names (its `rawId`, base64url as stored).
    public func credentialReference(in answer: JSONValue) -> String? {
        answer["rawId"]?.stringValue
    }

    public func verify(_ context: FactorContext, credentials: [FactorCredential], pending: [UInt8]?,
                       answer: JSONValue) throws -> Verification {
        guard let issued = pending.flatMap(PendingChallenge.init) else { return .rejected(reason: "no_challenge") }
        guard let rawID = answer["rawId"]?.stringValue,
              let credential = credentials.first(where: { (try? WebAuthnCredentialData.decode($0.data))?.credentialID == rawID }) else {
            return .rejected(reason: "unknown_credential")
        }
        var data = try WebAuthnCredentialData.decode(credential.data)
        let settings = configuration.settings(for: context.realm)
        // A passwordless answer must carry the user handle (the verifier insists when nothing was offered) and
        // must have verified the user.
        var relyingParty = policy(settings)
        if issued.discoverable { relyingParty.requiresUserVerification = true }
        let offered = issued.discoverable
            ? [] : try credentials.map { try Base64URL.decode(try WebAuthnCredentialData.decode($0.data).credentialID) }
        let outcome: AuthenticationOutcome
        do {
            outcome = try AuthenticationVerifier(policy: relyingParty)
                .verify(response: answer, expectedChallenge: issued.challenge, credential: try data.stored, allowCredentials: offered)
        } catch let error as WebAuthnError {
            return .rejected(reason: error.code.description)
        }
        if case .counterRegression(let stored, let received) = outcome.signCount {
            try context.report(Event.counterRegression, [
                "credential": credential.id, "aaguid": data.aaguid, "stored": String(stored), "received": String(received),
                "policy": settings.counterPolicy.rawValue,
            ])
            data.cloneSuspected = true
            guard try flagSuspectedClone(credential, context) else { return .rejected(reason: "credential_gone") }
            switch settings.counterPolicy {
            case .refuse: return .rejected(reason: "counter_regression")
            case .stepDown:
                try context.credentials.setCredentialStatus(id: credential.id, status: "stepped-down")
                return .rejected(reason: "counter_regression")
            case .flag where issued.discoverable:
                return .rejected(reason: "counter_regression")  // `flag` lets a suspect be a second factor, never the only one
            case .flag:
                return .accepted(credentialID: credential.id,
                                 amr: amr(trusted: data.trustedModel, userVerified: outcome.userVerified, cloneSuspected: true))
            }
        }
        // A credential once caught going back may be a copy: it can still be a second factor (the realm's counter
        // policy chose so), but it never signs in alone.
        if issued.discoverable && data.cloneSuspected { return .rejected(reason: "clone_suspected") }
        data.signCount = max(data.signCount, outcome.newSignCount)  // never lowered
        guard try context.credentials.updateCredentialData(id: credential.id, expectedVersion: credential.version,
                                                           data: try data.encoded(), usedAt: context.now) else {
            return .rejected(reason: "concurrent_use")  // another assertion of this credential won the race
        }
        return .accepted(credentialID: credential.id,
                         amr: amr(trusted: data.trustedModel, userVerified: outcome.userVerified, cloneSuspected: data.cloneSuspected))
    }

    public func details(_ context: FactorContext, credential: FactorCredential) throws -> JSONValue {
        let data = try WebAuthnCredentialData.decode(credential.data)
        return .object(["aaguid": .string(data.aaguid), "format": .string(data.format), "trusted_model": .bool(data.trustedModel),
                        "backup_eligible": .bool(data.backupEligible), "clone_suspected": .bool(data.cloneSuspected),
                        "transports": .array(data.transports.map { .string($0) })])
    }

    // MARK: Helpers

    /// Marks a credential as a suspected clone. The flag must stick even when another assertion of the same
    /// credential writes meanwhile: the write is retried on the fresh version (the stored counter is untouched).
    /// False when the credential was deleted or taken out of use meanwhile: the assertion must then fail.
    func flagSuspectedClone(_ credential: FactorCredential, _ context: FactorContext) throws -> Bool {
        var current = credential
        for _ in 0..<8 {
            var data = try WebAuthnCredentialData.decode(current.data)
            if data.cloneSuspected && current.version != credential.version { return current.status == "active" }
            data.cloneSuspected = true
            if try context.credentials.updateCredentialData(id: current.id, expectedVersion: current.version,
                                                           data: try data.encoded(), usedAt: nil) {
                return current.status == "active"
            }
            guard let fresh = try context.credentials.credential(id: current.id) else { return false }
            current = fresh
        }
        throw WebAuthnFactorError("could not record a suspected clone: the credential keeps changing")
    }

    func policy(_ settings: RealmSettings) -> RelyingPartyPolicy {
        RelyingPartyPolicy(rpID: settings.rpID, allowedOrigins: settings.origins, allowsCrossOrigin: settings.allowsCrossOrigin,
                           allowedTopOrigins: settings.topOrigins, requiresUserVerification: settings.requireUserVerification,
                           attestationRequirement: metadataPolicy(settings).requireTrustedModel ? .requireTrustedChain : .refuseFailedChains)
    }

    func metadataPolicy(_ settings: RealmSettings) -> MetadataPolicy {
        var policy = settings.trustPolicy ?? configuration.metadataPolicy
        if settings.requireTrustedModel { policy.requireTrustedModel = true }
        return policy
    }

    /// `hwk` only for a model MDS3 vouches for whose credential is not a suspected clone.
    func amr(trusted: Bool, userVerified: Bool, cloneSuspected: Bool = false) -> [String] {
        [trusted && !cloneSuspected ? "hwk" : "swk"] + (userVerified ? ["user"] : [])
    }

    /// The opaque user handle: the user's id (random, no personal data).
    func userHandle(_ context: FactorContext) -> [UInt8] { Array(context.userID.utf8) }

    func webAuthnCredentials(_ context: FactorContext) throws -> [FactorCredential] {
        try context.credentials.credentials(ofUser: context.userID).filter { $0.kind == Self.kind }
    }
}

/// What a WebAuthn challenge leaves in the flow: the challenge, and whether it offered no credential
/// (a passwordless sign-in).
struct PendingChallenge {
    let challenge: [UInt8]
    let discoverable: Bool

    init(challenge: [UInt8], discoverable: Bool) {
        self.challenge = challenge
        self.discoverable = discoverable
    }

    /// Decodes `encoded`; nil for anything else (an empty or foreign value).
    init?(_ bytes: [UInt8]) {
        guard let flag = bytes.first, flag <= 1, bytes.count > 16 else { return nil }
        self.init(challenge: Array(bytes.dropFirst()), discoverable: flag == 1)
    }

    /// One flag byte, then the challenge.
    var encoded: [UInt8] { [discoverable ? 1 : 0] + challenge }
}

extension WebAuthnFactor {
    /// The model identifiers of a stored credential: its AAGUID (unless all zero) and its attestation key
    /// identifiers (U2F), lowercase; the metadata refresh matches refused models against these.
    public static func modelIdentifiers(of credential: FactorCredential) -> [String] {
        guard let data = try? WebAuthnCredentialData.decode(credential.data) else { return [] }
        let aaguid = data.aaguid.lowercased()
        let zero = "00000000-0000-0000-0000-000000000000"
        return (aaguid == zero ? [] : [aaguid]) + (data.attestationKeyIdentifiers ?? []).map { $0.lowercased() }
    }
}
