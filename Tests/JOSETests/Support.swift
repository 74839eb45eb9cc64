import Cryptography
import Foundation
import JOSE

/// Loads the vector files committed next to the tests (JSONSerialization: an oracle independent of JOSE's parser).
enum Vectors {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors")

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw VectorError.shape(name)
        }
        return object
    }

    /// The member `key` of `object` re-serialised as JSON bytes (for feeding a JWK to JOSE).
    static func jsonBytes(_ object: [String: Any], _ key: String) throws -> [UInt8] {
        guard let member = object[key] else { throw VectorError.shape(key) }
        return Array(try JSONSerialization.data(withJSONObject: member))
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

    func b64(_ key: String) throws -> [UInt8] {
        try Base64URL.decode(string(key))
    }
}

/// A freshly generated key with its public JWK under `kid`.
struct TestKey {
    let signing: SigningKey
    let jwk: JWK

    init(_ algorithm: SignatureAlgorithm, kid: String = "k1") throws {
        signing = try SigningKey.generate(algorithm)
        jwk = try JWK(publicKey: signing.publicKey, keyID: kid, algorithm: JWSAlgorithm(algorithm))
    }

    func sign(_ payload: String, kid: String? = "k1", typ: String? = nil) throws -> String {
        try JWS.sign(header: JWSHeader(JWSAlgorithm(signing.algorithm), kid: kid, typ: typ),
                     payload: Array(payload.utf8), key: signing)
    }
}

/// Every algorithm JOSE verifies.
let allAlgorithms = Set(JWSAlgorithm.allCases)

/// Builds a compact string from raw header JSON, payload and signature parts.
func compact(header: String, payload: String = "{}", signature: [UInt8] = [1, 2, 3]) -> String {
    Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8)) + "." + Base64URL.encode(signature)
}
