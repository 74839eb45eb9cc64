import COpenSSL
import Foundation

/// A parsed X.509 certificate (read-only; values are extracted once at parse time).
public struct Certificate: Sendable {
    let handle: X509Handle
    /// The DER encoding.
    public let derRepresentation: [UInt8]
    /// The subject distinguished name in RFC 2253 form (`CN=…,O=…,C=…`).
    public let subject: String
    /// The issuer distinguished name in RFC 2253 form.
    public let issuer: String
    /// Start of the validity period.
    public let notBefore: Date
    /// End of the validity period.
    public let notAfter: Date
    /// The serial number as big-endian bytes.
    public let serialNumber: [UInt8]
    /// The X.509 version (1, 2 or 3).
    public let version: Int
    /// The basicConstraints cA flag; nil when the extension is absent.
    public let isCertificateAuthority: Bool?
    /// The contents of the subjectPublicKey BIT STRING (e.g. an uncompressed EC point).
    public let subjectPublicKeyBytes: [UInt8]

    /// Parses one DER certificate (no trailing bytes).
    public init(derRepresentation der: some ContiguousBytes) throws {
        let pointer = try der.withUnsafeBytes { bytes -> OpaquePointer in
            guard bytes.count > 0, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
                throw CryptographyError(.malformedInput, "empty certificate")
            }
            var cursor: UnsafePointer<UInt8>? = base
            guard let x509 = d2i_X509(nil, &cursor, bytes.count) else {
                throw OpenSSL.failure(.malformedInput, "certificate DER did not parse")
            }
            guard cursor == base + bytes.count else {
                X509_free(x509)
                throw CryptographyError(.malformedInput, "certificate DER has trailing bytes")
            }
            return x509
        }
        try self.init(handle: X509Handle(taking: pointer))
    }

    /// Parses the first certificate of a PEM document.
    public init(pem: String) throws {
        guard let first = try Certificate.certificates(fromPEM: pem).first else {
            throw CryptographyError(.malformedInput, "no certificate in PEM input")
        }
        self = first
    }

    /// Parses every `CERTIFICATE` block of a PEM document, in order.
    public static func certificates(fromPEM pem: String) throws -> [Certificate] {
        let text = Array(pem.utf8)
        return try text.withUnsafeBytes { bytes in
            try OpenSSL.withReadBIO(bytes) { bio in
                var out = [Certificate]()
                while let x509 = PEM_read_bio_X509(bio, nil, nil, nil) {
                    out.append(try Certificate(handle: X509Handle(taking: x509)))
                }
                let reason = ERR_GET_REASON(ERR_peek_last_error())
                OpenSSL.clearErrors()
                guard reason == PEM_R_NO_START_LINE || out.isEmpty == false && reason == 0 else {
                    throw CryptographyError(.malformedInput, "PEM certificate block did not parse")
                }
                return out
            }
        }
    }

    /// Wraps a parsed handle and extracts the stored values.
    init(handle: X509Handle) throws {
        let x509 = handle.pointer
        guard let der = OpenSSL.der({ i2d_X509(x509, $0) }),
              let publicKeyBits = X509_get0_pubkey_bitstr(x509),
              let notBefore = X509_get0_notBefore(x509).flatMap(Certificate.date(of:)),
              let notAfter = X509_get0_notAfter(x509).flatMap(Certificate.date(of:)),
              let serial = X509_get0_serialNumber(x509) else {
            throw OpenSSL.failure(.malformedInput, "certificate fields are malformed")
        }
        self.handle = handle
        derRepresentation = der
        subject = Certificate.name(X509_get_subject_name(x509))
        issuer = Certificate.name(X509_get_issuer_name(x509))
        self.notBefore = notBefore
        self.notAfter = notAfter
        serialNumber = Certificate.bytes(of: serial)
        version = Int(X509_get_version(x509)) + 1
        let flags = X509_get_extension_flags(x509)
        isCertificateAuthority = flags & UInt32(EXFLAG_BCONS) == 0 ? nil : flags & UInt32(EXFLAG_CA) != 0
        subjectPublicKeyBytes = Certificate.bytes(of: publicKeyBits)
        OpenSSL.clearErrors()
    }

    /// The serial number as lowercase hex without leading zeros.
    public var serialNumberHex: String {
        String(Hex.encode(serialNumber).drop(while: { $0 == "0" })).nonEmpty ?? "0"
    }

    /// SHA-256 of the DER encoding.
    public var sha256Fingerprint: [UInt8] { Digest.sha256(derRepresentation) }

    /// The subject public key, usable with `PublicKey.isValidSignature`.
    public func publicKey() throws -> PublicKey {
        guard let key = X509_get_pubkey(handle.pointer) else {
            throw OpenSSL.failure(.invalidKey, "certificate public key did not decode")
        }
        return try PublicKey(validating: EVPKeyHandle(taking: key))
    }

    /// The raw extension value (the DER inside extnValue) for a dotted OID, or nil when absent.
    public func extensionValue(oid: String) throws -> [UInt8]? {
        let object = try Certificate.object(oid)
        defer { ASN1_OBJECT_free(object) }
        let index = X509_get_ext_by_OBJ(handle.pointer, object, -1)
        guard index >= 0, let ext = X509_get_ext(handle.pointer, index), let data = X509_EXTENSION_get_data(ext) else {
            return nil
        }
        return Certificate.bytes(of: data)
    }

    /// Whether the extension with a dotted OID is marked critical (nil when absent).
    public func isExtensionCritical(oid: String) throws -> Bool? {
        let object = try Certificate.object(oid)
        defer { ASN1_OBJECT_free(object) }
        let index = X509_get_ext_by_OBJ(handle.pointer, object, -1)
        guard index >= 0, let ext = X509_get_ext(handle.pointer, index) else { return nil }
        return X509_EXTENSION_get_critical(ext) == 1
    }

    /// The values of a subject attribute by dotted OID (e.g. "2.5.4.11" for OU), UTF-8 decoded.
    public func subjectValues(oid: String) throws -> [String] {
        let object = try Certificate.object(oid)
        defer { ASN1_OBJECT_free(object) }
        guard let name = X509_get_subject_name(handle.pointer) else { return [] }
        var values = [String]()
        var index = X509_NAME_get_index_by_OBJ(name, object, -1)
        while index >= 0 {
            if let entry = X509_NAME_get_entry(name, index), let data = X509_NAME_ENTRY_get_data(entry) {
                var utf8: UnsafeMutablePointer<UInt8>?
                let length = ASN1_STRING_to_UTF8(&utf8, data)
                if length >= 0, let utf8 {
                    values.append(String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self))
                    CRYPTO_free(utf8, #fileID, #line)
                }
            }
            index = X509_NAME_get_index_by_OBJ(name, object, index)
        }
        return values
    }

    static func object(_ oid: String) throws -> OpaquePointer {
        guard oid.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              let object = OBJ_txt2obj(oid, 1) else {
            OpenSSL.clearErrors()
            throw CryptographyError(.malformedInput, "not a dotted OID")
        }
        return object
    }

    static func name(_ name: OpaquePointer?) -> String {
        guard let name else { return "" }
        return OpenSSL.string { bio in X509_NAME_print_ex(bio, name, 0, GH_XN_FLAG_RFC2253_UTF8) } ?? ""
    }

    static func date(of time: UnsafePointer<ASN1_TIME>) -> Date? {
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    static func bytes(of string: UnsafePointer<ASN1_STRING>) -> [UInt8] {
        let length = Int(ASN1_STRING_length(string))
        guard length > 0, let data = ASN1_STRING_get0_data(string) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: length))
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
