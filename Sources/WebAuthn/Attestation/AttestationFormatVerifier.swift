import Foundation

/// What a format verifier may consult besides the statement: the injected time.
public struct AttestationContext: Sendable {
    /// The current time, for certificate validity and timestamp windows.
    public let now: Date

    /// A context at `now`.
    public init(now: Date) { self.now = now }
}

/// Verifies one attestation statement format (§8): signature and format rules, not chain trust.
public protocol AttestationFormatVerifier: Sendable {
    /// The `fmt` identifier this verifier handles.
    var format: String { get }

    /// Checks `statement` against the authenticator data and client data hash.
    func verify(
        statement: CBORValue, authenticatorData: AuthenticatorData, rawAuthenticatorData: [UInt8],
        clientDataHash: [UInt8], context: AttestationContext
    ) throws -> UnverifiedAttestation
}

/// The formats this module implements, in the order they were written.
public enum AttestationFormats {
    /// Every implemented format verifier.
    public static let all: [any AttestationFormatVerifier] = [
        NoneAttestation(), PackedAttestation(), FIDOU2FAttestation(), TPMAttestation(),
        AndroidKeyAttestation(), AppleAttestation(), AndroidSafetyNetAttestation(),
    ]
}
