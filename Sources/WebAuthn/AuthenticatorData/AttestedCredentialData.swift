/// The attested credential data inside registration authenticator data (§6.5.1).
public struct AttestedCredentialData: Sendable {
    /// The longest credential id accepted, in bytes.
    public static let maximumCredentialIdLength = 1023

    /// The authenticator model's AAGUID (16 bytes; all zero for U2F and many passkeys).
    public let aaguid: [UInt8]
    /// The credential id.
    public let credentialId: [UInt8]
    /// The credential public key.
    public let credentialPublicKey: COSEKey

    /// The AAGUID in its canonical lowercase 8-4-4-4-12 form.
    public var aaguidString: String { Self.uuidString(aaguid) }

    static func uuidString(_ bytes: [UInt8]) -> String {
        let hex = bytes.map { String($0, radix: 16).leftPadded(to: 2) }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
