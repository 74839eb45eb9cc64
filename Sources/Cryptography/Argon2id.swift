import CArgon2
import Foundation

/// argon2id password hashing (RFC 9106) in PHC string form, through libargon2.
public enum Argon2id {
    /// Cost parameters; the defaults are OWASP's m=19 MiB, t=2, p=1.
    public struct Parameters: Sendable, Hashable {
        /// Memory cost in KiB.
        public var memoryKiB: UInt32
        /// Number of passes.
        public var iterations: UInt32
        /// Degree of parallelism (lanes).
        public var parallelism: UInt32

        /// Creates parameters; defaults m=19456 KiB, t=2, p=1.
        public init(memoryKiB: UInt32 = 19456, iterations: UInt32 = 2, parallelism: UInt32 = 1) {
            self.memoryKiB = memoryKiB
            self.iterations = iterations
            self.parallelism = parallelism
        }

        /// m=19456 KiB, t=2, p=1.
        public static let `default` = Parameters()
    }

    /// Largest memory cost accepted when hashing or verifying (1 GiB), so a forged hash string cannot exhaust memory.
    public static let maximumMemoryKiB: UInt32 = 1 << 20
    /// Largest pass count accepted.
    public static let maximumIterations: UInt32 = 64
    /// Largest parallelism accepted.
    public static let maximumParallelism: UInt32 = 64
    /// Salt length used when hashing, in bytes.
    public static let saltByteCount = 16
    /// Hash length used when hashing, in bytes.
    public static let hashByteCount = 32

    /// Hashes `password` with a fresh random salt; returns `$argon2id$v=19$m=…,t=…,p=…$salt$hash`.
    public static func hash(
        password: SecretBytes, parameters: Parameters = .default, using random: some RandomSource = SystemRandom()
    ) throws -> String {
        try validate(parameters)
        let salt = random.bytes(saltByteCount)
        let capacity = argon2_encodedlen(parameters.iterations, parameters.memoryKiB, parameters.parallelism,
                                         UInt32(saltByteCount), UInt32(hashByteCount), Argon2_id) + 1
        var encoded = [CChar](repeating: 0, count: capacity)
        let status = password.withUnsafeBytes { pwd in
            salt.withUnsafeBytes { saltBytes in
                argon2id_hash_encoded(parameters.iterations, parameters.memoryKiB, parameters.parallelism,
                                      pwd.baseAddress, pwd.count, saltBytes.baseAddress, saltBytes.count,
                                      hashByteCount, &encoded, encoded.count)
            }
        }
        guard status == ARGON2_OK.rawValue else {
            throw CryptographyError(.libraryFailure, "argon2id hashing failed: \(message(status))")
        }
        return String(decoding: encoded.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `password` matches the PHC string; throws `.malformedInput` for a malformed or out-of-range string.
    public static func verify(password: SecretBytes, against phc: String) throws -> Bool {
        _ = try PHCString(phc)
        let status = password.withUnsafeBytes { pwd in
            argon2id_verify(phc, pwd.baseAddress, pwd.count)
        }
        switch status {
        case ARGON2_OK.rawValue: return true
        case ARGON2_VERIFY_MISMATCH.rawValue: return false
        case ARGON2_MEMORY_ALLOCATION_ERROR.rawValue, ARGON2_THREAD_FAIL.rawValue:
            throw CryptographyError(.libraryFailure, "argon2id verification failed: \(message(status))")
        default:
            throw CryptographyError(.malformedInput, "argon2id hash string rejected: \(message(status))")
        }
    }

    /// The cost parameters recorded in a PHC string (to decide whether to rehash).
    public static func parameters(of phc: String) throws -> Parameters {
        try PHCString(phc).parameters
    }

    /// Whether a stored hash uses parameters other than `target` (then rehash after the next successful login).
    public static func needsRehash(_ phc: String, target: Parameters = .default) throws -> Bool {
        try parameters(of: phc) != target
    }

    static func validate(_ parameters: Parameters) throws {
        guard (1...maximumIterations).contains(parameters.iterations),
              (1...maximumParallelism).contains(parameters.parallelism),
              parameters.memoryKiB >= 8 * parameters.parallelism, parameters.memoryKiB <= maximumMemoryKiB else {
            throw CryptographyError(.malformedInput, "argon2id parameters out of range")
        }
    }

    private static func message(_ status: Int32) -> String {
        argon2_error_message(status).map { String(cString: $0) } ?? "error \(status)"
    }
}

/// A strictly parsed `$argon2id$v=19$m=…,t=…,p=…$salt$hash` string.
struct PHCString {
    let parameters: Argon2id.Parameters
    let salt: [UInt8]
    let hash: [UInt8]

    init(_ text: String) throws {
        let fields = text.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0].isEmpty, fields[1] == "argon2id" else {
            throw Self.malformed("not an argon2id PHC string")
        }
        guard fields[2] == "v=19" else { throw Self.malformed("unsupported argon2 version") }
        let costs = fields[3].split(separator: ",", omittingEmptySubsequences: false)
        guard costs.count == 3, costs[0].hasPrefix("m="), costs[1].hasPrefix("t="), costs[2].hasPrefix("p="),
              let m = Self.number(costs[0].dropFirst(2)), let t = Self.number(costs[1].dropFirst(2)),
              let p = Self.number(costs[2].dropFirst(2)) else {
            throw Self.malformed("argon2id parameters must read m=…,t=…,p=…")
        }
        parameters = Argon2id.Parameters(memoryKiB: m, iterations: t, parallelism: p)
        try Argon2id.validate(parameters)
        salt = try Self.base64(fields[4])
        hash = try Self.base64(fields[5])
        guard salt.count >= 8, salt.count <= 64, hash.count >= 4, hash.count <= 64 else {
            throw Self.malformed("argon2id salt or hash length out of range")
        }
    }

    /// A decimal without sign or leading zeros that fits UInt32.
    private static func number(_ text: Substring) -> UInt32? {
        guard let first = text.first, first != "0" || text.count == 1,
              text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return UInt32(text)
    }

    /// Standard-alphabet base64 without padding (the PHC format), decoded strictly.
    private static func base64(_ text: Substring) throws -> [UInt8] {
        guard !text.contains("-"), !text.contains("_") else { throw malformed("invalid base64 in argon2id string") }
        let urlSafe = String(text).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        do {
            return try Base64URL.decode(urlSafe)
        } catch {
            throw malformed("invalid base64 in argon2id string")
        }
    }

    private static func malformed(_ reason: String) -> CryptographyError {
        CryptographyError(.malformedInput, reason)
    }
}
