import Cryptography

/// Parsed authenticator data (§6.1): rpIdHash, flags, counter, attested credential data, extensions.
public struct AuthenticatorData: Sendable {
    /// The bytes as the authenticator sent them (what signatures cover).
    public let rawRepresentation: [UInt8]
    /// SHA-256 of the RP ID the authenticator scoped the credential to.
    public let rpIdHash: [UInt8]
    /// The flags byte.
    public let flags: AuthenticatorFlags
    /// The signature counter.
    public let signCount: UInt32
    /// Present when the AT flag is set.
    public let attestedCredentialData: AttestedCredentialData?
    /// The extension outputs map, present when the ED flag is set.
    public let extensions: CBORValue?

    /// Parses authenticator data; refuses truncation, trailing bytes, oversized ids and BS without BE.
    public init(bytes: [UInt8]) throws {
        guard bytes.count >= 37 else { throw Self.malformed("shorter than 37 bytes") }
        rawRepresentation = bytes
        rpIdHash = Array(bytes[0..<32])
        flags = AuthenticatorFlags(rawValue: bytes[32])
        signCount = bytes[33..<37].reduce(0) { $0 << 8 | UInt32($1) }
        if flags.contains(.backupState) && !flags.contains(.backupEligible) {
            throw WebAuthnError(.backupStateInvalid, "backup state set without backup eligibility")
        }
        var position = 37
        if flags.contains(.attestedCredentialData) {
            guard bytes.count - position >= 18 else { throw Self.malformed("attested credential data truncated") }
            let aaguid = Array(bytes[position..<position + 16])
            let idLength = Int(bytes[position + 16]) << 8 | Int(bytes[position + 17])
            position += 18
            guard idLength <= AttestedCredentialData.maximumCredentialIdLength else {
                throw Self.malformed("credential id longer than 1023 bytes")
            }
            guard bytes.count - position >= idLength else { throw Self.malformed("credential id truncated") }
            let credentialId = Array(bytes[position..<position + idLength])
            position += idLength
            let (keyValue, keyEnd) = try CBORDecoder().decode(bytes, from: position)
            let key = try COSEKey(value: keyValue, rawRepresentation: Array(bytes[position..<keyEnd]))
            position = keyEnd
            attestedCredentialData = AttestedCredentialData(aaguid: aaguid, credentialId: credentialId, credentialPublicKey: key)
        } else {
            attestedCredentialData = nil
        }
        if flags.contains(.extensionData) {
            let (value, end) = try CBORDecoder().decode(bytes, from: position)
            guard value.mapValue != nil else { throw Self.malformed("extensions are not a map") }
            extensions = value
            position = end
        } else {
            extensions = nil
        }
        guard position == bytes.count else { throw Self.malformed("\(bytes.count - position) trailing bytes") }
    }

    /// Whether the rpIdHash equals SHA-256 of `rpID`.
    public func matches(rpID: String) -> Bool {
        ConstantTime.equals(rpIdHash, Digest.sha256(Array(rpID.utf8)))
    }

    private static func malformed(_ reason: String) -> WebAuthnError {
        WebAuthnError(.malformedAuthenticatorData, reason)
    }
}
