import WebAuthn

/// libFuzzer entry: feeds the bytes to the CBOR decoder, the authenticator-data parser, the attestation-object
/// parser and, when an attestation object parses, to every format verifier.
@_cdecl("LLVMFuzzerTestOneInput")
public func webAuthnFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
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
