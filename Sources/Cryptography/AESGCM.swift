import COpenSSL
import Foundation

/// AES-256-GCM authenticated encryption with 12-byte random nonces and 16-byte tags.
public enum AESGCM {
    /// Key length in bytes (AES-256).
    public static let keyByteCount = 32
    /// Nonce length in bytes.
    public static let nonceByteCount = 12
    /// Tag length in bytes.
    public static let tagByteCount = 16

    /// A nonce, ciphertext and tag; `combined` is `nonce || ciphertext || tag`.
    public struct SealedBox: Sendable, Hashable {
        /// The 12-byte nonce.
        public let nonce: [UInt8]
        /// The ciphertext (same length as the plaintext).
        public let ciphertext: [UInt8]
        /// The 16-byte authentication tag.
        public let tag: [UInt8]

        /// Assembles a box; refuses wrong nonce or tag lengths.
        public init(nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8]) throws {
            guard nonce.count == AESGCM.nonceByteCount, tag.count == AESGCM.tagByteCount else {
                throw CryptographyError(.malformedInput, "AES-GCM nonce must be 12 bytes and tag 16 bytes")
            }
            self.nonce = nonce
            self.ciphertext = ciphertext
            self.tag = tag
        }

        /// Splits `nonce || ciphertext || tag`; refuses inputs shorter than 28 bytes.
        public init(combined: some ContiguousBytes) throws {
            let bytes = combined.withUnsafeBytes { Array($0) }
            guard bytes.count >= AESGCM.nonceByteCount + AESGCM.tagByteCount else {
                throw CryptographyError(.malformedInput, "AES-GCM combined box is too short")
            }
            try self.init(nonce: Array(bytes.prefix(AESGCM.nonceByteCount)),
                          ciphertext: Array(bytes[AESGCM.nonceByteCount..<(bytes.count - AESGCM.tagByteCount)]),
                          tag: Array(bytes.suffix(AESGCM.tagByteCount)))
        }

        /// `nonce || ciphertext || tag`.
        public var combined: [UInt8] { nonce + ciphertext + tag }
    }

    /// Encrypts and authenticates `plaintext` (and `aad`) under a 32-byte key with a fresh random nonce.
    public static func seal(
        _ plaintext: some ContiguousBytes, key: SecretBytes, authenticating aad: [UInt8] = [],
        using random: some RandomSource = SystemRandom()
    ) throws -> SealedBox {
        let nonce = random.bytes(nonceByteCount)
        let context = try CipherContext(key: key, nonce: nonce, encrypting: true)
        try context.authenticate(aad)
        var ciphertext = try plaintext.withUnsafeBytes { input -> [UInt8] in
            var output = [UInt8](repeating: 0, count: input.count)
            let written = try output.withUnsafeMutableBytes { try context.update(input, into: $0) }
            return Array(output.prefix(written))
        }
        ciphertext += try context.finish()
        return try SealedBox(nonce: nonce, ciphertext: ciphertext, tag: context.tag())
    }

    /// Decrypts `box`; throws `.verificationFailed` on any tag, key, nonce or AAD mismatch.
    public static func open(_ box: SealedBox, key: SecretBytes, authenticating aad: [UInt8] = []) throws -> SecretBytes {
        let context = try CipherContext(key: key, nonce: box.nonce, encrypting: false)
        try context.authenticate(aad)
        return try SecretBytes(capacity: box.ciphertext.count) { output in
            let written = try box.ciphertext.withUnsafeBytes { try context.update($0, into: output) }
            try context.expect(tag: box.tag)
            guard try context.finish().isEmpty else {
                throw CryptographyError(.libraryFailure, "AES-GCM produced trailing output")
            }
            return written
        }
    }
}

/// Owns one `EVP_CIPHER_CTX` for a single AES-256-GCM operation.
private final class CipherContext {
    private let pointer: OpaquePointer
    private let encrypting: Bool

    init(key: SecretBytes, nonce: [UInt8], encrypting: Bool) throws {
        guard key.count == AESGCM.keyByteCount else {
            throw CryptographyError(.invalidKey, "AES-256-GCM key must be 32 bytes")
        }
        guard nonce.count == AESGCM.nonceByteCount else {
            throw CryptographyError(.malformedInput, "AES-GCM nonce must be 12 bytes")
        }
        guard let pointer = EVP_CIPHER_CTX_new() else {
            throw OpenSSL.failure(.libraryFailure, "EVP_CIPHER_CTX_new failed")
        }
        self.pointer = pointer
        self.encrypting = encrypting
        let ok = key.withUnsafeBytes { keyBytes in
            nonce.withUnsafeBufferPointer { iv in
                EVP_CipherInit_ex(pointer, EVP_aes_256_gcm(), nil,
                                  keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), iv.baseAddress,
                                  encrypting ? 1 : 0)
            }
        }
        guard ok == 1 else { throw OpenSSL.failure(.libraryFailure, "EVP_CipherInit_ex failed") }
    }

    deinit { EVP_CIPHER_CTX_free(pointer) } // also cleanses the expanded key schedule

    func authenticate(_ aad: [UInt8]) throws {
        guard !aad.isEmpty else { return }
        guard aad.count <= Int(Int32.max) else { throw CryptographyError(.malformedInput, "AAD too long") }
        var length: Int32 = 0
        guard aad.withUnsafeBufferPointer({ EVP_CipherUpdate(pointer, nil, &length, $0.baseAddress, Int32($0.count)) }) == 1 else {
            throw OpenSSL.failure(.libraryFailure, "AES-GCM AAD update failed")
        }
    }

    func update(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws -> Int {
        guard input.count > 0 else { return 0 }
        guard input.count <= Int(Int32.max), output.count >= input.count else {
            throw CryptographyError(.malformedInput, "AES-GCM input too long")
        }
        var length: Int32 = 0
        guard EVP_CipherUpdate(pointer, output.baseAddress?.assumingMemoryBound(to: UInt8.self), &length,
                               input.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(input.count)) == 1 else {
            throw OpenSSL.failure(.libraryFailure, "AES-GCM update failed")
        }
        return Int(length)
    }

    func expect(tag: [UInt8]) throws {
        var copy = tag
        guard EVP_CIPHER_CTX_ctrl(pointer, GH_EVP_CTRL_GCM_SET_TAG, Int32(copy.count), &copy) == 1 else {
            throw OpenSSL.failure(.libraryFailure, "setting the AES-GCM tag failed")
        }
    }

    func finish() throws -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 16)
        var length: Int32 = 0
        guard EVP_CipherFinal_ex(pointer, &block, &length) == 1 else {
            OpenSSL.clearErrors()
            if encrypting { throw CryptographyError(.libraryFailure, "AES-GCM finalisation failed") }
            throw CryptographyError(.verificationFailed, "AES-GCM authentication failed")
        }
        return Array(block.prefix(Int(length)))
    }

    func tag() throws -> [UInt8] {
        var tag = [UInt8](repeating: 0, count: AESGCM.tagByteCount)
        guard EVP_CIPHER_CTX_ctrl(pointer, GH_EVP_CTRL_GCM_GET_TAG, Int32(tag.count), &tag) == 1 else {
            throw OpenSSL.failure(.libraryFailure, "reading the AES-GCM tag failed")
        }
        return tag
    }
}
