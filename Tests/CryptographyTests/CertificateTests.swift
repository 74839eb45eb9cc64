import Cryptography
import Foundation
import Testing

@Suite("X.509 certificates and CRLs")
struct CertificateTests {
    @Test("the MDS3 BLOB signer certificate parses with the recorded fields")
    func signer() throws {
        let signer = try Certificate(pem: Vectors.text("x5c-0-signer.pem"))
        let recorded = try Vectors.json("case.json").objects("x5c_in_header")[0]
        #expect(signer.subject == "CN=mds.fidoalliance.org,O=FIDO ALLIANCE\\, INC.,L=Beaverton,ST=Oregon,C=US,"
            + "jurisdictionST=California,jurisdictionC=US,serialNumber=3454284,businessCategory=Private Organization")
        #expect(signer.issuer == (try recorded.string("issuer")))
        #expect(signer.serialNumberHex == (try recorded.string("serial")))
        #expect(signer.notBefore == Date(timeIntervalSince1970: 1_719_433_024))
        #expect(signer.notAfter == Date(timeIntervalSince1970: 1_753_733_823))
        #expect(Hex.encode(signer.sha256Fingerprint) == (try recorded.string("sha256")))
        #expect(signer.version == 3)
        #expect(signer.isCertificateAuthority == false)
        #expect(try signer.extensionValue(oid: "2.5.29.14") == Hex.decode("0414c68de17d5bf401ee5833c92b5018760d8c406871"))
        #expect(try signer.isExtensionCritical(oid: "2.5.29.19") == true)
        #expect(try signer.extensionValue(oid: "1.3.6.1.4.1.45724.1.1.4") == nil)
        #expect(throws: CryptographyError(.malformedInput, "")) { try signer.extensionValue(oid: "basicConstraints") }
        #expect(try signer.subjectValues(oid: "2.5.4.3") == ["mds.fidoalliance.org"])
        #expect(try signer.subjectValues(oid: "2.5.4.11") == [])

        let key = try signer.publicKey()
        #expect(key.type == .rsa)
        #expect(key.bits == 2048)
        // The BIT STRING contents are the RSAPublicKey SEQUENCE at the end of the SPKI.
        #expect(signer.subjectPublicKeyBytes.first == 0x30)
        #expect(key.subjectPublicKeyInfoDER.suffix(signer.subjectPublicKeyBytes.count) == signer.subjectPublicKeyBytes[...])
    }

    @Test("the GlobalSign R3 root parses identically from DER and PEM")
    func root() throws {
        let der = try Certificate(derRepresentation: Vectors.bytes("globalsign-root-ca-r3.der"))
        let pem = try Certificate(pem: Vectors.text("globalsign-root-ca-r3.pem"))
        #expect(der.derRepresentation == pem.derRepresentation)
        #expect(der.subject == "CN=GlobalSign,O=GlobalSign,OU=GlobalSign Root CA - R3")
        #expect(der.issuer == der.subject)
        #expect(der.isCertificateAuthority == true)
        #expect(der.serialNumberHex == "4000000000121585308a2")
        #expect(Hex.encode(der.sha256Fingerprint) == "cbb522d7b7f127ad6a0113865bdf1cd4102e7d0759af635a7cf4720dc963c53b")
        #expect(try der.subjectValues(oid: "2.5.4.11") == ["GlobalSign Root CA - R3"])
    }

    @Test("a PEM bundle yields every certificate in order")
    func bundle() throws {
        let text = try Vectors.text("x5c-0-signer.pem") + "\n" + Vectors.text("x5c-1-intermediate.pem")
        let certificates = try Certificate.certificates(fromPEM: text)
        #expect(certificates.map(\.serialNumberHex) == ["21aeec63fe52147f14629879", "48a402dd27920da208349dd1997b"])
    }

    @Test("malformed certificates are refused with malformedInput")
    func malformed() throws {
        let der = try Vectors.bytes("globalsign-root-ca-r3.der")
        #expect(throws: CryptographyError(.malformedInput, "")) { try Certificate(derRepresentation: der + [0]) }
        #expect(throws: CryptographyError(.malformedInput, "")) { try Certificate(derRepresentation: Array(der.dropLast())) }
        #expect(throws: CryptographyError(.malformedInput, "")) { try Certificate(derRepresentation: [UInt8]()) }
        #expect(throws: CryptographyError(.malformedInput, "")) { try Certificate(pem: "no certificate here") }
        #expect(throws: CryptographyError(.malformedInput, "")) {
            try Certificate(pem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
        }
    }

    @Test("the two GlobalSign CRLs parse with the recorded dates and entry counts")
    func crls() throws {
        let root = try CRL(derRepresentation: Vectors.bytes("root-r3.crl"))
        #expect(root.issuer == "CN=GlobalSign,O=GlobalSign,OU=GlobalSign Root CA - R3")
        #expect(root.thisUpdate == Date(timeIntervalSince1970: 1_720_310_400))
        #expect(root.nextUpdate == Date(timeIntervalSince1970: 1_728_950_400))
        #expect(root.revokedCount == 36)
        let ev = try CRL(derRepresentation: Vectors.bytes("gsextendvalsha2g3r3.crl"))
        #expect(ev.thisUpdate == Date(timeIntervalSince1970: 1_725_076_254))
        #expect(ev.nextUpdate == Date(timeIntervalSince1970: 1_725_681_053))
        #expect(ev.revokedCount == 207)
        #expect(throws: CryptographyError(.malformedInput, "")) { try CRL(derRepresentation: Vectors.bytes("globalsign-root-ca-r3.der")) }
    }
}
