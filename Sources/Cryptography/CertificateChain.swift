import COpenSSL
import Foundation

/// A certificate chain that verified: leaf first, trust anchor last.
public struct VerifiedCertificateChain: Sendable {
    /// The chain OpenSSL built, leaf first, ending at one of the given roots.
    public let certificates: [Certificate]

    /// The leaf certificate.
    public var leaf: Certificate { certificates[0] }

    /// The trust anchor the chain ends at.
    public var root: Certificate { certificates[certificates.count - 1] }
}

/// X.509 path validation through OpenSSL's `X509_STORE_CTX`, at an injected time.
public enum CertificateChain {
    /// Verifies `leaf` up to one of `roots` at `time`.
    ///
    /// Every certificate in `roots` is a trust anchor, self-signed or not (FIDO MDS lists
    /// intermediate CAs as attestation roots). `crls` are checked for every certificate in
    /// the chain; with `requireCRLs` a certificate whose issuer has no CRL fails the chain,
    /// without it a missing CRL is tolerated but a CRL that is present must be valid at `time`.
    /// Throws `.certificateInvalid` whose reason names the OpenSSL verify error.
    public static func verify(
        leaf: Certificate, intermediates: [Certificate], roots: [Certificate], at time: Date,
        crls: [CRL] = [], requireCRLs: Bool
    ) throws -> VerifiedCertificateChain {
        guard !roots.isEmpty else {
            throw CryptographyError(.certificateInvalid, "no trust anchors given")
        }
        guard let store = X509_STORE_new() else { throw OpenSSL.failure(.libraryFailure, "X509_STORE_new failed") }
        defer { X509_STORE_free(store) }
        for root in roots where X509_STORE_add_cert(store, root.handle.pointer) != 1 {
            OpenSSL.clearErrors() // a duplicate root is harmless
        }
        for crl in crls where X509_STORE_add_crl(store, crl.handle.pointer) != 1 {
            OpenSSL.clearErrors()
        }
        guard let untrusted = OPENSSL_sk_new_null() else { throw OpenSSL.failure(.libraryFailure, "stack allocation failed") }
        defer { OPENSSL_sk_free(untrusted) } // the stack borrows the handles' references
        for certificate in intermediates {
            guard OPENSSL_sk_push(untrusted, UnsafeRawPointer(certificate.handle.pointer)) > 0 else {
                throw OpenSSL.failure(.libraryFailure, "stack push failed")
            }
        }
        guard let context = X509_STORE_CTX_new() else { throw OpenSSL.failure(.libraryFailure, "X509_STORE_CTX_new failed") }
        defer { X509_STORE_CTX_free(context) }
        guard X509_STORE_CTX_init(context, store, leaf.handle.pointer, untrusted) == 1,
              let parameters = X509_STORE_CTX_get0_param(context) else {
            throw OpenSSL.failure(.libraryFailure, "X509_STORE_CTX_init failed")
        }
        X509_VERIFY_PARAM_set_time(parameters, time_t(time.timeIntervalSince1970.rounded(.down)))
        var flags = UInt(X509_V_FLAG_PARTIAL_CHAIN)
        if requireCRLs || !crls.isEmpty {
            flags |= UInt(X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL)
        }
        X509_VERIFY_PARAM_set_flags(parameters, flags)
        if !requireCRLs && !crls.isEmpty {
            X509_STORE_CTX_set_verify_cb(context, toleratingMissingCRL)
        }
        let result = X509_verify_cert(context)
        guard result == 1 else {
            let code = X509_STORE_CTX_get_error(context)
            let depth = X509_STORE_CTX_get_error_depth(context)
            OpenSSL.clearErrors()
            let text = X509_verify_cert_error_string(Int(code)).map { String(cString: $0) } ?? "error \(code)"
            throw CryptographyError(.certificateInvalid, "certificate chain invalid: \(text) (depth \(depth))")
        }
        return VerifiedCertificateChain(certificates: try chain(of: context))
    }

    private static func chain(of context: OpaquePointer) throws -> [Certificate] {
        guard let stack = X509_STORE_CTX_get1_chain(context) else {
            throw OpenSSL.failure(.libraryFailure, "X509_STORE_CTX_get1_chain failed")
        }
        defer { OPENSSL_sk_free(stack) } // ownership of each element moves to an X509Handle below
        var handles = [X509Handle]()
        for index in 0..<OPENSSL_sk_num(stack) {
            if let element = OPENSSL_sk_value(stack, index) {
                handles.append(X509Handle(taking: OpaquePointer(element)))
            }
        }
        return try handles.map { try Certificate(handle: $0) }
    }
}

/// Verify callback: accept "unable to get certificate CRL" (CRLs optional), keep every other verdict.
private func toleratingMissingCRL(_ ok: Int32, _ context: OpaquePointer?) -> Int32 {
    guard ok == 0, let context, X509_STORE_CTX_get_error(context) == X509_V_ERR_UNABLE_TO_GET_CRL else { return ok }
    return 1
}
