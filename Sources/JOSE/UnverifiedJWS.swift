import Cryptography

/// A compact JWS parsed strictly but not yet trusted: read `header` to pick a key, then `verify`.
public struct UnverifiedJWS: Sendable {
    /// The default cap on a compact serialization, in bytes.
    public static let maximumCompactLength = 16 * 1024

    /// The protected header (`alg` already known and not `none`/HMAC; `crit` empty or absent).
    public let header: JWSHeader
    /// Every protected header member, as parsed.
    public let headerJSON: JSONValue
    /// The payload octets (unverified).
    public let payload: [UInt8]
    /// The signature octets.
    public let signature: [UInt8]
    /// The ASCII octets the signature covers: `base64url(header) . base64url(payload)`.
    public let signingInput: [UInt8]

    /// Parses `header.payload.signature`: exactly three parts, strict base64url, a JSON object header, size-capped.
    public init(compact: String, maximumLength: Int = UnverifiedJWS.maximumCompactLength) throws {
        let utf8 = compact.utf8
        guard utf8.count <= maximumLength else { throw JOSEError(.tooLarge, "compact JWS exceeds \(maximumLength) bytes") }
        var dots: [String.UTF8View.Index] = []
        for index in utf8.indices where utf8[index] == UInt8(ascii: ".") {
            dots.append(index)
            guard dots.count <= 2 else { throw JOSEError(.malformed, "compact JWS has more than three parts") }
        }
        guard dots.count == 2 else { throw JOSEError(.malformed, "compact JWS does not have three parts") }
        let headerPart = utf8[utf8.startIndex..<dots[0]]
        let payloadPart = utf8[utf8.index(after: dots[0])..<dots[1]]
        let signaturePart = utf8[utf8.index(after: dots[1])...]
        guard !headerPart.isEmpty else { throw JOSEError(.malformed, "compact JWS has an empty header") }

        let headerBytes = try Self.decode(headerPart, "header")
        let headerJSON = try JSONValue(parsing: headerBytes)
        self.header = try JWSHeader(parsing: headerJSON)
        self.headerJSON = headerJSON
        self.payload = try Self.decode(payloadPart, "payload")
        guard !signaturePart.isEmpty else { throw JOSEError(.malformed, "compact JWS has an empty signature") }
        self.signature = try Self.decode(signaturePart, "signature")
        self.signingInput = Array(utf8[utf8.startIndex..<dots[1]])
    }

    private static func decode(_ part: Substring.UTF8View, _ name: String) throws -> [UInt8] {
        do {
            return try Base64URL.decode(Substring(part))
        } catch {
            throw JOSEError(.malformed, "JWS \(name) is not strict base64url")
        }
    }

    /// Verifies with a JWK: the header must carry a `kid` equal to the key's, and the algorithm must fit the key.
    public func verify(with key: JWK, allowedAlgorithms: Set<JWSAlgorithm>) throws -> VerifiedJWS {
        guard let kid = header.keyID else { throw JOSEError(.missingKeyID, "JWS header has no kid") }
        guard let keyID = key.keyID, keyID == kid else { throw JOSEError(.unknownKey, "JWS kid does not name this key") }
        try checkAlgorithm(allowedAlgorithms)
        if let pinned = key.algorithm, pinned != header.algorithm {
            throw JOSEError(.algorithmMismatch, "key is restricted to \(pinned.wireName)")
        }
        if let use = key.use, use != "sig" {
            throw JOSEError(.algorithmMismatch, "key use is not sig")
        }
        try checkSignature(key.publicKey)
        return VerifiedJWS(header: header, headerJSON: headerJSON, payload: payload, keyID: kid)
    }

    /// Verifies with the key of `keys` whose `kid` equals the header's; no kid or no such key is refused.
    public func verify(using keys: JWKSet, allowedAlgorithms: Set<JWSAlgorithm>) throws -> VerifiedJWS {
        guard let kid = header.keyID else { throw JOSEError(.missingKeyID, "JWS header has no kid") }
        guard let key = keys.key(id: kid) else { throw JOSEError(.unknownKey, "no key with the JWS kid") }
        return try verify(with: key, allowedAlgorithms: allowedAlgorithms)
    }

    /// Verifies with a bare public key the caller selected out of band (no `kid` check; prefer `verify(with: JWK)`).
    public func verify(with key: PublicKey, allowedAlgorithms: Set<JWSAlgorithm>) throws -> VerifiedJWS {
        try checkAlgorithm(allowedAlgorithms)
        try checkSignature(key)
        return VerifiedJWS(header: header, headerJSON: headerJSON, payload: payload, keyID: nil)
    }

    private func checkAlgorithm(_ allowed: Set<JWSAlgorithm>) throws {
        guard allowed.contains(header.algorithm) else {
            throw JOSEError(.unsupportedAlgorithm, "\(header.algorithm.wireName) is not allowed here")
        }
    }

    private func checkSignature(_ key: PublicKey) throws {
        guard header.algorithm.fits(key.type) else {
            throw JOSEError(.algorithmMismatch, "\(header.algorithm.wireName) does not fit the key type")
        }
        let valid: Bool
        do {
            valid = try key.isValidSignature(signature, for: signingInput, algorithm: header.algorithm.signatureAlgorithm)
        } catch let error as CryptographyError where error.code == .algorithmMismatch {
            throw JOSEError(.algorithmMismatch, "\(header.algorithm.wireName) does not fit the key")
        } catch {
            throw JOSEError(.invalidSignature, "signature encoding is not valid for \(header.algorithm.wireName)")
        }
        guard valid else { throw JOSEError(.invalidSignature, "signature does not verify") }
    }
}
