import COpenSSL
import Foundation

/// A secret byte buffer: zeroed when released, redacted when printed, compared in constant time.
public struct SecretBytes: Sendable, Equatable, ContiguousBytes, CustomStringConvertible, CustomDebugStringConvertible {
    private let storage: SecretStorage

    /// Copies `bytes` into a new secret buffer (the caller still owns and should clear its copy). The bytes go
    /// straight into the owned buffer: no intermediate copy is left behind uncleansed.
    public init(_ bytes: some Sequence<UInt8>) {
        if let copied = bytes.withContiguousStorageIfAvailable({ source -> SecretStorage in
            let storage = SecretStorage(capacity: source.count)
            storage.buffer.copyMemory(from: UnsafeRawBufferPointer(source))
            storage.count = source.count
            return storage
        }) {
            storage = copied
            return
        }
        var filling = SecretStorage(capacity: max(bytes.underestimatedCount, 32))
        for byte in bytes {
            if filling.count == filling.buffer.count {
                let larger = SecretStorage(capacity: filling.buffer.count * 2)
                larger.buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: filling.buffer[0..<filling.count]))
                larger.count = filling.count
                filling = larger   // the smaller buffer is cleansed as it is released
            }
            filling.buffer[filling.count] = byte
            filling.count += 1
        }
        storage = filling
    }

    /// Copies the UTF-8 bytes of `string` (for passwords arriving as text).
    public init(utf8 string: some StringProtocol) {
        self.init(string.utf8)
    }

    /// `count` bytes from `random` (the system CSPRNG by default).
    public init(randomCount count: Int, using random: some RandomSource = SystemRandom()) {
        precondition(count >= 0, "SecretBytes: negative count")
        storage = SecretStorage(capacity: count)
        random.fill(storage.buffer)
        storage.count = count
    }

    /// Fills up to `capacity` bytes in place; `body` returns how many it wrote.
    init(capacity: Int, initializingWith body: (UnsafeMutableRawBufferPointer) throws -> Int) rethrows {
        storage = SecretStorage(capacity: capacity)
        let written = try body(storage.buffer)
        precondition(written >= 0 && written <= capacity, "SecretBytes: initializer overran its buffer")
        storage.count = written
    }

    /// The number of bytes.
    public var count: Int { storage.count }

    /// Whether the buffer is empty.
    public var isEmpty: Bool { storage.count == 0 }

    /// Calls `body` with the secret bytes; do not let the pointer escape.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage.buffer[0..<storage.count]))
    }

    /// Constant-time comparison (lengths are not secret).
    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        ConstantTime.equals(lhs, rhs)
    }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }

    /// Always `<redacted>`.
    public var debugDescription: String { "<redacted>" }
}

/// Owns the heap memory of a `SecretBytes` and cleanses it in `deinit`.
// @unchecked Sendable: the buffer and count are written only while the owning
// SecretBytes initialiser runs (before the value can be shared) and are
// read-only afterwards; deinit runs once, when no reference is left.
private final class SecretStorage: @unchecked Sendable {
    let buffer: UnsafeMutableRawBufferPointer
    var count = 0

    init(capacity: Int) {
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(capacity, 1), alignment: 16)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
    }

    deinit {
        OPENSSL_cleanse(buffer.baseAddress, buffer.count)
        buffer.deallocate()
    }
}
