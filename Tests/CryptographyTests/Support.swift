import Cryptography
import Foundation

/// Loads the vector files committed next to the tests (no SwiftPM resources: CI runs a fresh clone).
enum Vectors {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors")

    static func bytes(_ name: String) throws -> [UInt8] {
        try Array(Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func text(_ name: String) throws -> String {
        try String(decoding: bytes(name), as: UTF8.self)
    }

    static func json(_ name: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(bytes(name)))
        guard let dictionary = object as? [String: Any] else { throw VectorError.shape(name) }
        return dictionary
    }
}

enum VectorError: Error {
    case shape(String)
}

extension Dictionary where Key == String, Value == Any {
    func string(_ key: String) throws -> String {
        guard let value = self[key] as? String else { throw VectorError.shape(key) }
        return value
    }

    func object(_ key: String) throws -> [String: Any] {
        guard let value = self[key] as? [String: Any] else { throw VectorError.shape(key) }
        return value
    }

    func objects(_ key: String) throws -> [[String: Any]] {
        guard let value = self[key] as? [[String: Any]] else { throw VectorError.shape(key) }
        return value
    }

    func b64(_ key: String) throws -> [UInt8] {
        try Base64URL.decode(string(key))
    }
}

/// A pinned random source: repeats `byte`.
struct FixedRandom: RandomSource {
    let byte: UInt8

    func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        for index in buffer.indices { buffer[index] = byte }
    }
}

func bytes(_ string: String) -> [UInt8] { Array(string.utf8) }
