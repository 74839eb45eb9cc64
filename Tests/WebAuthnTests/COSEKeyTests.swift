import Cryptography
import Testing
import WebAuthn
import WebAuthnTestSupport

@Suite struct COSEKeyTests {
    static let x = [UInt8](repeating: 1, count: 32)

    func ec2(crv: Int64, alg: Int64) -> [UInt8] {
        let key = try! SigningKey.generate(.es256)
        guard case let .ec(_, x, y) = key.publicKey.parameters else { fatalError() }
        return TestCBOR.encode(.map([TestCBOR.int(1): TestCBOR.int(2), TestCBOR.int(3): TestCBOR.int(alg),
                                     TestCBOR.int(-1): TestCBOR.int(crv), TestCBOR.int(-2): .bytes(x), TestCBOR.int(-3): .bytes(y)]))
    }

    @Test func es256KeyDecodes() throws {
        let key = try COSEKey(bytes: ec2(crv: 1, alg: -7))
        #expect(key.algorithm == .es256)
        #expect(key.publicKey.type == .ec(.p256))
    }

    @Test(arguments: [(1, -35), (1, -36), (2, -7), (3, -7), (1, -8), (1, -257)] as [(Int64, Int64)])
    func curveMustMatchAlgorithm(_ crv: Int64, _ alg: Int64) {
        #expect(throws: WebAuthnError(.algorithmMismatch, "")) { try COSEKey(bytes: ec2(crv: crv, alg: alg)) }
    }

    @Test func ed448AndUnknownAlgorithmsAreUnsupported() {
        let ed448 = TestCBOR.encode(.map([TestCBOR.int(1): TestCBOR.int(1), TestCBOR.int(3): TestCBOR.int(-8),
                                          TestCBOR.int(-1): TestCBOR.int(7), TestCBOR.int(-2): .bytes([UInt8](repeating: 1, count: 57))]))
        #expect(throws: WebAuthnError(.unsupportedAlgorithm, "")) { try COSEKey(bytes: ed448) }
        #expect(throws: WebAuthnError(.unsupportedAlgorithm, "")) { try COSEKey(bytes: ec2(crv: 1, alg: -9999)) }
        #expect(throws: WebAuthnError(.unsupportedAlgorithm, "")) { try COSEKey(bytes: ec2(crv: 8, alg: -7)) }
    }

    @Test func okpWithEcdsaAlgorithmIsAMismatch() {
        let okp = TestCBOR.encode(.map([TestCBOR.int(1): TestCBOR.int(1), TestCBOR.int(3): TestCBOR.int(-7),
                                        TestCBOR.int(-1): TestCBOR.int(6), TestCBOR.int(-2): .bytes(Self.x)]))
        #expect(throws: WebAuthnError(.algorithmMismatch, "")) { try COSEKey(bytes: okp) }
    }

    @Test func pointOffTheCurveAndMissingMembersAreInvalid() {
        let bad = TestCBOR.encode(.map([TestCBOR.int(1): TestCBOR.int(2), TestCBOR.int(3): TestCBOR.int(-7),
                                        TestCBOR.int(-1): TestCBOR.int(1), TestCBOR.int(-2): .bytes(Self.x), TestCBOR.int(-3): .bytes(Self.x)]))
        #expect(throws: WebAuthnError(.invalidKey, "")) { try COSEKey(bytes: bad) }
        let noAlg = TestCBOR.encode(.map([TestCBOR.int(1): TestCBOR.int(2)]))
        #expect(throws: WebAuthnError(.invalidKey, "")) { try COSEKey(bytes: noAlg) }
        #expect(throws: WebAuthnError(.malformedCBOR, "")) { try COSEKey(bytes: ec2(crv: 1, alg: -7) + [0]) }
    }
}
