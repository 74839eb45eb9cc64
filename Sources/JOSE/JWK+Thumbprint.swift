import Cryptography

extension JWK {
    /// The RFC 7638 input: the required members in lexicographic order, no whitespace.
    public var thumbprintInput: String {
        JSONValue.object(requiredMembers).jsonText
    }

    /// The RFC 7638 SHA-256 thumbprint, base64url.
    public func thumbprint() -> String {
        Base64URL.encode(Digest.sha256(Array(thumbprintInput.utf8)))
    }
}
