import Cryptography
import Foundation
import GatehouseTestSupport
import Testing
import WebAuthn

/// Random, truncated and bit-flipped inputs never crash the parsers; they either parse or throw WebAuthnError.
@Suite struct ParserPropertyTests {
    static func exercise(_ bytes: [UInt8]) {
        func run(_ body: () throws -> Void) {
            do { try body() } catch is WebAuthnError {} catch { Issue.record("non-WebAuthn error: \(error)") }
        }
        run { _ = try CBORDecoder().decodeWhole(bytes) }
        run { _ = try AuthenticatorData(bytes: bytes) }
        run { _ = try AttestationObject(bytes: bytes) }
        run { _ = try COSEKey(bytes: bytes) }
    }

    static let seeds: [[UInt8]] = ["w3c-spec/packed-es256.registration.json", "w3c-spec/tpm-es256.registration.json",
                                   "real-devices/simplewebauthn/android-key-pixel-8a-2025.json"].map { path in
        let vector = VectorCase.load(path)
        let text = vector.response["response"]!["attestationObject"]!.stringValue!
        return try! Base64URL.decode(text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: ""))
    }

    @Test func truncationsNeverCrash() {
        for seed in Self.seeds {
            for length in stride(from: 0, through: seed.count, by: max(1, seed.count / 400)) { Self.exercise(Array(seed.prefix(length))) }
        }
    }

    @Test func bitFlipsNeverCrash() {
        var random = SplitMix(state: 42)
        for seed in Self.seeds {
            for _ in 0..<400 {
                var bytes = seed
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let index = Int.random(in: 0..<bytes.count, using: &random)
                    bytes[index] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
                }
                Self.exercise(bytes)
            }
        }
    }

    @Test func randomBytesNeverCrash() {
        var random = SplitMix(state: 7)
        for _ in 0..<3000 {
            let length = Int.random(in: 0..<96, using: &random)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            if !bytes.isEmpty { bytes[0] = [0xa3, 0xa5, 0x9f, 0x5b, 0xbf, 0x81][Int.random(in: 0..<6, using: &random)] }
            Self.exercise(bytes)
        }
    }
}
