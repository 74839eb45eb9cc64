import AuthCore
import Cryptography
import Foundation
import Glibc

/// The local key that seals signing keys and factor secrets at rest until the vault takes over.
enum SealingKey {
    /// Reads the 32-byte key file, creating it (mode 0600) with fresh random bytes when absent.
    static func load(path: String) throws -> SecretBytes {
        if let data = FileManager.default.contents(atPath: path) {
            guard data.count == AESGCM.keyByteCount else {
                throw ConfigurationError(key: "sealingKeyFile", problem: "\(path) must hold exactly 32 bytes")
            }
            return SecretBytes(data)
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let key = SecretBytes(randomCount: AESGCM.keyByteCount)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { return try load(path: path) }  // another process created it first
            throw ConfigurationError(key: "sealingKeyFile", problem: "cannot create \(path)")
        }
        defer { close(fd) }
        let written = key.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == AESGCM.keyByteCount else { throw ConfigurationError(key: "sealingKeyFile", problem: "cannot write \(path)") }
        return key
    }
}
