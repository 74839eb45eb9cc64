import COpenSSL
import Foundation

/// Owns one `EVP_PKEY` reference and frees it on release.
// @unchecked Sendable: the key is never mutated after construction; OpenSSL 3
// allows concurrent sign/verify/export with one EVP_PKEY as long as each
// operation uses its own EVP_MD_CTX/EVP_PKEY_CTX, which every caller here does.
final class EVPKeyHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Takes ownership of `pointer` (one reference).
    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { EVP_PKEY_free(pointer) }
}

/// Owns one `X509` reference and frees it on release.
// @unchecked Sendable: the certificate is never mutated after parsing; all
// derived values are computed once in Certificate.init, and the chain verifier
// only takes additional references (X509_STORE_add_cert / sk push), which are
// atomic in OpenSSL 3.
final class X509Handle: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Takes ownership of `pointer` (one reference).
    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { X509_free(pointer) }
}

/// Owns one `X509_CRL` reference and frees it on release.
// @unchecked Sendable: same reasoning as X509Handle; the CRL is read-only after parsing.
final class X509CRLHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Takes ownership of `pointer` (one reference).
    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { X509_CRL_free(pointer) }
}

/// Helpers around libcrypto's thread-local error queue and memory BIOs.
enum OpenSSL {
    /// Builds an error from `what` plus the first queued OpenSSL reason, and clears the queue.
    static func failure(
        _ code: CryptographyError.Code, _ what: String, file: String = #fileID, line: UInt = #line
    ) -> CryptographyError {
        let packed = ERR_peek_error()
        ERR_clear_error()
        guard packed != 0, let text = ERR_reason_error_string(packed) else {
            return CryptographyError(code, what, file: file, line: line)
        }
        return CryptographyError(code, "\(what): \(String(cString: text))", file: file, line: line)
    }

    /// Drops whatever is on the error queue (after an expected failure).
    static func clearErrors() {
        ERR_clear_error()
    }

    /// Runs `body` with a memory BIO over `bytes` (read-only, valid for the call only).
    static func withReadBIO<R>(_ bytes: UnsafeRawBufferPointer, _ body: (OpaquePointer) throws -> R) throws -> R {
        guard bytes.count <= Int(Int32.max), let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count)) else {
            throw failure(.libraryFailure, "BIO_new_mem_buf failed")
        }
        defer { BIO_free(bio) }
        return try body(bio)
    }

    /// Lets `body` write into a memory BIO and returns what it wrote as UTF-8 text.
    static func string(_ body: (OpaquePointer) -> Int32) -> String? {
        guard let bio = BIO_new(BIO_s_mem()) else { return nil }
        defer { BIO_free(bio) }
        guard body(bio) >= 0 else { return nil }
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 512)
        while true {
            let n = chunk.withUnsafeMutableBytes { BIO_read(bio, $0.baseAddress, Int32($0.count)) }
            if n <= 0 { break }
            out.append(contentsOf: chunk[0..<Int(n)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Runs `i2d` twice (size, then fill) and returns the DER bytes.
    static func der(_ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32) -> [UInt8]? {
        let length = encode(nil)
        guard length > 0 else { return nil }
        var out = [UInt8](repeating: 0, count: Int(length))
        let written = out.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            return encode(&cursor)
        }
        return written == length ? out : nil
    }

    /// A `BIGNUM` as big-endian bytes left-padded to `width` (nil if it does not fit).
    static func bytes(of bignum: OpaquePointer, width: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: width)
        let n = out.withUnsafeMutableBufferPointer { BN_bn2binpad(bignum, $0.baseAddress, Int32(width)) }
        return n == Int32(width) ? out : nil
    }

    /// A `BIGNUM` as minimal big-endian bytes.
    static func bytes(of bignum: OpaquePointer) -> [UInt8] {
        let width = (Int(BN_num_bits(bignum)) + 7) / 8
        return bytes(of: bignum, width: width) ?? []
    }
}
