import COpenSSL
import CXCrypt
import Foundation

/// bcrypt (`$2b$`) through libxcrypt, for recovery codes; never yescrypt, the library's preferred method.
public enum Bcrypt {
    /// The production cost factor.
    public static let defaultCost = 12
    /// Accepted cost factors (tests may use the minimum).
    public static let costRange = 4...31
    /// bcrypt reads at most this many password bytes; longer inputs are refused rather than truncated.
    public static let maximumPasswordBytes = 72

    private static let validPrefixes = ["$2a$", "$2b$", "$2y$"]
    private static let alphabet = Set("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// Hashes `password` with a fresh salt from the OS; returns a `$2b$NN$…` string.
    public static func hash(password: SecretBytes, cost: Int = defaultCost) throws -> String {
        guard costRange.contains(cost) else {
            throw CryptographyError(.malformedInput, "bcrypt cost must be within \(costRange)")
        }
        var setting = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        guard crypt_gensalt_rn("$2b$", UInt(cost), nil, 0, &setting, Int32(setting.count)) != nil else {
            throw CryptographyError(.libraryFailure, "crypt_gensalt_rn($2b$) failed")
        }
        let result = try crypt(password, setting: String(decoding: setting.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) },
                                                         as: UTF8.self))
        guard result.hasPrefix("$2b$") else {
            throw CryptographyError(.libraryFailure, "libxcrypt did not produce a $2b$ hash")
        }
        return result
    }

    /// Whether `password` matches `hash` (recomputed, compared in constant time); refuses non-bcrypt hashes.
    public static func verify(password: SecretBytes, against hash: String) throws -> Bool {
        try validate(hash)
        let computed = try crypt(password, setting: hash)
        return ConstantTime.equals(Array(computed.utf8), Array(hash.utf8))
    }

    /// The cost factor recorded in a bcrypt hash.
    public static func cost(of hash: String) throws -> Int {
        try validate(hash)
        return Int(hash.utf8.dropFirst(4).prefix(2).reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) })
    }

    /// Checks `$2a$`/`$2b$`/`$2y$`, a two-digit cost in range, and 53 characters of salt and hash.
    private static func validate(_ hash: String) throws {
        let bytes = Array(hash.utf8)
        guard bytes.count == 60, validPrefixes.contains(where: { hash.hasPrefix($0) }) else {
            throw CryptographyError(.malformedInput, "not a bcrypt ($2a$/$2b$/$2y$) hash")
        }
        let digits = bytes[4...5]
        guard bytes[6] == UInt8(ascii: "$"), digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              costRange.contains(Int(digits.first! - 48) * 10 + Int(digits.last! - 48)),
              bytes[7...].allSatisfy({ alphabet.contains($0) }) else {
            throw CryptographyError(.malformedInput, "malformed bcrypt hash")
        }
    }

    /// `crypt_rn` with a heap-allocated `struct crypt_data` (32 KiB), cleansed afterwards.
    private static func crypt(_ password: SecretBytes, setting: String) throws -> String {
        guard password.count <= maximumPasswordBytes else {
            throw CryptographyError(.malformedInput, "bcrypt passwords are limited to \(maximumPasswordBytes) bytes")
        }
        let phraseSize = password.count + 1
        let phrase = UnsafeMutablePointer<CChar>.allocate(capacity: phraseSize)
        let dataSize = MemoryLayout<crypt_data>.size
        let data = UnsafeMutableRawPointer.allocate(byteCount: dataSize, alignment: MemoryLayout<crypt_data>.alignment)
        data.initializeMemory(as: UInt8.self, repeating: 0, count: dataSize)
        defer {
            OPENSSL_cleanse(phrase, phraseSize)
            phrase.deallocate()
            OPENSSL_cleanse(data, dataSize)
            data.deallocate()
        }
        let hasNUL = password.withUnsafeBytes { bytes -> Bool in
            for (index, byte) in bytes.enumerated() { phrase[index] = CChar(bitPattern: byte) }
            phrase[bytes.count] = 0
            return bytes.contains(0)
        }
        guard !hasNUL else {
            throw CryptographyError(.malformedInput, "bcrypt passwords cannot contain NUL bytes")
        }
        guard let output = crypt_rn(phrase, setting, data, Int32(dataSize)) else {
            throw CryptographyError(.malformedInput, "libxcrypt refused the bcrypt setting")
        }
        let result = String(cString: output)
        guard !result.hasPrefix("*") else {
            throw CryptographyError(.malformedInput, "libxcrypt returned a failure token")
        }
        return result
    }
}
