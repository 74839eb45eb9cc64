import Cryptography
import JOSE
import WebAuthn

/// Encodes CBOR for tests (the library only decodes).
public enum TestCBOR {
    public static func head(_ major: UInt8, _ value: UInt64) -> [UInt8] {
        switch value {
        case 0..<24: return [major << 5 | UInt8(value)]
        case 24..<256: return [major << 5 | 24, UInt8(value)]
        case 256..<65536: return [major << 5 | 25, UInt8(value >> 8), UInt8(value & 0xff)]
        default: return [major << 5 | 26] + (0..<4).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
        }
    }

    public static func encode(_ value: CBORValue) -> [UInt8] {
        switch value {
        case .unsigned(let n): return head(0, n)
        case .negative(let n): return head(1, n)
        case .bytes(let b): return head(2, UInt64(b.count)) + b
        case .text(let t): return head(3, UInt64(t.utf8.count)) + Array(t.utf8)
        case .array(let items): return head(4, UInt64(items.count)) + items.flatMap(encode)
        case .map(let entries):
            let sorted = entries.map { (encode($0.key), encode($0.value)) }.sorted { $0.0.lexicographicallyPrecedes($1.0) }
            return head(5, UInt64(entries.count)) + sorted.flatMap { $0.0 + $0.1 }
        case .bool(let b): return [b ? 0xf5 : 0xf4]
        case .null: return [0xf6]
        }
    }

    public static func int(_ value: Int64) -> CBORValue { value >= 0 ? .unsigned(UInt64(value)) : .negative(UInt64(-1 - value)) }
}

/// A software ES256 authenticator that produces registration and assertion responses for tests.
public struct TestAuthenticator {
    public var rpID = "example.org"
    public var origin = "https://example.org"
    public var credentialId: [UInt8] = Array(repeating: 7, count: 32)
    public var userHandle: [UInt8] = [1, 2, 3, 4]
    public let key = try! SigningKey.generate(.es256)

    /// An authenticator for `rpID` and `origin`, with the default credential id and user handle.
    public init(rpID: String = "example.org", origin: String = "https://example.org") {
        self.rpID = rpID
        self.origin = origin
    }

    public var coseKey: [UInt8] {
        guard case let .ec(_, x, y) = key.publicKey.parameters else { fatalError() }
        return TestCBOR.encode(.map([
            TestCBOR.int(1): TestCBOR.int(2), TestCBOR.int(3): TestCBOR.int(-7), TestCBOR.int(-1): TestCBOR.int(1),
            TestCBOR.int(-2): .bytes(x), TestCBOR.int(-3): .bytes(y),
        ]))
    }

    public func authenticatorData(flags: UInt8, signCount: UInt32, attested: Bool, rpID: String? = nil) -> [UInt8] {
        var bytes = Digest.sha256(Array((rpID ?? self.rpID).utf8)) + [flags | (attested ? 0x40 : 0)]
        bytes += (0..<4).reversed().map { UInt8(truncatingIfNeeded: signCount >> (8 * UInt32($0))) }
        if attested {
            bytes += [UInt8](repeating: 0, count: 16) + [UInt8(credentialId.count >> 8), UInt8(credentialId.count & 0xff)]
            bytes += credentialId + coseKey
        }
        return bytes
    }

    public func clientData(type: String, challenge: [UInt8], extra: String = "") -> [UInt8] {
        Array(#"{"type":"\#(type)","challenge":"\#(Base64URL.encode(challenge))","origin":"\#(origin)"\#(extra)}"#.utf8)
    }

    public func attestationObject(authData: [UInt8], format: String = "none", statement: CBORValue = .map([:])) -> [UInt8] {
        TestCBOR.encode(.map([.text("fmt"): .text(format), .text("attStmt"): statement, .text("authData"): .bytes(authData)]))
    }

    public func registration(challenge: [UInt8], flags: UInt8 = 0x05, clientData: [UInt8]? = nil, attestationObject: [UInt8]? = nil,
                      rawId: [UInt8]? = nil) -> JSONValue {
        let object = attestationObject ?? self.attestationObject(authData: authenticatorData(flags: flags, signCount: 0, attested: true))
        return .object([
            "id": .string(Base64URL.encode(credentialId)), "rawId": .string(Base64URL.encode(rawId ?? credentialId)),
            "type": .string("public-key"),
            "response": .object([
                "clientDataJSON": .string(Base64URL.encode(clientData ?? self.clientData(type: "webauthn.create", challenge: challenge))),
                "attestationObject": .string(Base64URL.encode(object)),
            ]),
        ])
    }

    public func assertion(challenge: [UInt8], flags: UInt8 = 0x05, signCount: UInt32, userHandle: [UInt8]? = nil,
                   clientData: [UInt8]? = nil) -> JSONValue {
        let authData = authenticatorData(flags: flags, signCount: signCount, attested: false)
        let client = clientData ?? self.clientData(type: "webauthn.get", challenge: challenge)
        let signature = try! key.ecdsaSignature(for: authData + Digest.sha256(client)).derRepresentation
        var inner: [String: JSONValue] = [
            "clientDataJSON": .string(Base64URL.encode(client)), "authenticatorData": .string(Base64URL.encode(authData)),
            "signature": .string(Base64URL.encode(signature)),
        ]
        if let userHandle { inner["userHandle"] = .string(Base64URL.encode(userHandle)) }
        return .object([
            "id": .string(Base64URL.encode(credentialId)), "rawId": .string(Base64URL.encode(credentialId)),
            "type": .string("public-key"), "response": .object(inner),
        ])
    }

    public func stored(signCount: UInt32, backupEligible: Bool = false) -> StoredCredential {
        StoredCredential(credentialId: credentialId, publicKey: coseKey, algorithm: .es256, signCount: signCount,
                         backupEligible: backupEligible, userHandle: userHandle)
    }

    public var policy: RelyingPartyPolicy { RelyingPartyPolicy(rpID: rpID, allowedOrigins: [origin]) }
}
