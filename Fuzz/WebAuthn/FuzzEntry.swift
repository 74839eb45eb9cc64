import Cryptography
import JOSE
import WebAuthn

/// libFuzzer entry: feeds the bytes to every parser that reads what a client or a metadata service sends —
/// the JSON parser (every request body), compact JWS (tokens, the MDS3 BLOB), X.509 certificates and CRLs,
/// the CBOR decoder, the authenticator-data and COSE-key parsers, the attestation-object parser and, when an
/// attestation object parses, every format verifier.
@_cdecl("LLVMFuzzerTestOneInput")
public func webAuthnFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? JSONValue(parsing: bytes)
    _ = try? UnverifiedJWS(compact: String(decoding: bytes, as: UTF8.self))
    _ = try? Certificate(derRepresentation: bytes)
    _ = try? CRL(derRepresentation: bytes)
    _ = try? CBORDecoder().decode(bytes)
    _ = try? AuthenticatorData(bytes: bytes)
    _ = try? COSEKey(bytes: bytes)
    if let object = try? AttestationObject(bytes: bytes) {
        let hash = [UInt8](repeating: 0, count: 32)
        for verifier in AttestationFormats.all {
            _ = try? verifier.verify(statement: object.statement, authenticatorData: object.authenticatorData,
                                     rawAuthenticatorData: object.rawAuthenticatorData, clientDataHash: hash,
                                     context: AttestationContext(now: .init(timeIntervalSince1970: 1_700_000_000)))
        }
    }
    return 0
}
