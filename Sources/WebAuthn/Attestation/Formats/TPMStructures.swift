import Cryptography

/// Big-endian reader for TPM 2.0 structures; every read is bounds-checked.
struct TPMReader {
    private let bytes: [UInt8]
    private(set) var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    static let failure = WebAuthnError(.attestationInvalid, "tpm: truncated or malformed TPM structure")

    mutating func take(_ count: Int) throws -> [UInt8] {
        guard count >= 0, count <= bytes.count - position else { throw Self.failure }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    mutating func uint(_ width: Int) throws -> UInt64 {
        try take(width).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A TPM2B: a 16-bit size followed by that many bytes.
    mutating func sized() throws -> [UInt8] { try take(Int(uint(2))) }
}

/// TPM algorithm ids used in pubArea and names.
enum TPMAlgorithm {
    static let rsa: UInt64 = 0x0001
    static let ecc: UInt64 = 0x0023
    static let null: UInt64 = 0x0010

    static func digest(_ id: UInt64) -> Digest.Algorithm? {
        switch id {
        case 0x0004: .sha1
        case 0x000B: .sha256
        case 0x000C: .sha384
        case 0x000D: .sha512
        default: nil
        }
    }
}

/// TPMT_PUBLIC: the key the TPM certified.
struct TPMPublicArea {
    enum Unique {
        case rsa(modulus: [UInt8], exponent: [UInt8])
        case ecc(curve: UInt64, x: [UInt8], y: [UInt8])
    }

    let nameAlgorithm: UInt64
    let unique: Unique

    init(_ bytes: [UInt8]) throws {
        var reader = TPMReader(bytes)
        let type = try reader.uint(2)
        nameAlgorithm = try reader.uint(2)
        _ = try reader.uint(4) // objectAttributes
        _ = try reader.sized() // authPolicy
        if try reader.uint(2) != TPMAlgorithm.null { _ = try reader.take(4) } // symmetric: keyBits, mode
        if try reader.uint(2) != TPMAlgorithm.null { _ = try reader.take(2) } // scheme: hashAlg
        switch type {
        case TPMAlgorithm.rsa:
            _ = try reader.uint(2) // keyBits
            let exponent = try reader.uint(4)
            let modulus = try reader.sized()
            let e: [UInt8] = exponent == 0 ? [0x01, 0x00, 0x01] : Self.minimalBytes(exponent)
            unique = .rsa(modulus: modulus, exponent: e)
        case TPMAlgorithm.ecc:
            let curve = try reader.uint(2)
            if try reader.uint(2) != TPMAlgorithm.null { _ = try reader.take(2) } // kdf: hashAlg
            unique = .ecc(curve: curve, x: try reader.sized(), y: try reader.sized())
        default:
            throw WebAuthnError(.attestationInvalid, "tpm: pubArea type is neither RSA nor ECC")
        }
        guard reader.isAtEnd else { throw WebAuthnError(.attestationInvalid, "tpm: trailing bytes in pubArea") }
    }

    static func minimalBytes(_ value: UInt64) -> [UInt8] {
        var bytes = withUnsafeBytes(of: value.bigEndian, Array.init)
        while bytes.count > 1, bytes[0] == 0 { bytes.removeFirst() }
        return bytes
    }

    /// Whether this is the same key as the credential's.
    func matches(_ key: PublicKey) -> Bool {
        switch (unique, key.parameters) {
        case let (.rsa(modulus, exponent), .rsa(n, e)):
            return Self.stripped(modulus) == Self.stripped(n) && Self.stripped(exponent) == Self.stripped(e)
        case let (.ecc(curve, x, y), .ec(keyCurve, keyX, keyY)):
            let expected: UInt64 = switch keyCurve { case .p256: 0x0003; case .p384: 0x0004; case .p521: 0x0005 }
            return curve == expected && x == keyX && y == keyY
        default:
            return false
        }
    }

    private static func stripped(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        bytes.drop { $0 == 0 }
    }
}

/// TPMS_ATTEST of type TPM_ST_ATTEST_CERTIFY.
struct TPMCertifyInfo {
    let extraData: [UInt8]
    let attestedName: [UInt8]

    init(_ bytes: [UInt8]) throws {
        var reader = TPMReader(bytes)
        guard try reader.uint(4) == 0xff54_4347 else { throw WebAuthnError(.attestationInvalid, "tpm: certInfo magic is wrong") }
        guard try reader.uint(2) == 0x8017 else { throw WebAuthnError(.attestationInvalid, "tpm: certInfo type is not ATTEST_CERTIFY") }
        _ = try reader.sized() // qualifiedSigner
        extraData = try reader.sized()
        _ = try reader.take(17) // clockInfo
        _ = try reader.take(8) // firmwareVersion
        attestedName = try reader.sized()
        _ = try reader.sized() // qualifiedName
        guard reader.isAtEnd else { throw WebAuthnError(.attestationInvalid, "tpm: trailing bytes in certInfo") }
    }
}
