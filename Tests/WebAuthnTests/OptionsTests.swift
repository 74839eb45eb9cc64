import Cryptography
import JOSE
import Testing
import WebAuthn

@Suite struct OptionsTests {
    @Test func creationOptionsHaveTheStandardShape() throws {
        let options = CreationOptions(rpID: "example.org", rpName: "Example", userID: [1, 2], userName: "ana", userDisplayName: "Ana",
                                      challenge: [UInt8](repeating: 0xab, count: 32), excludeCredentials: [CredentialDescriptor(id: [9], transports: ["usb"])])
        let json = options.json
        #expect(json["rp"]?["id"]?.stringValue == "example.org")
        #expect(json["user"]?["id"]?.stringValue == "AQI")
        #expect(try Base64URL.decode(json["challenge"]!.stringValue!) == [UInt8](repeating: 0xab, count: 32))
        #expect(json["pubKeyCredParams"]?.arrayValue?.compactMap { $0["alg"]?.numberValue } == [-7, -8, -35, -36, -37, -257])
        #expect(json["excludeCredentials"]?.arrayValue?.first?["id"]?.stringValue == "CQ")
        #expect(json["authenticatorSelection"]?["residentKey"]?.stringValue == "preferred")
        #expect(json["attestation"]?.stringValue == "direct")
        #expect(json["timeout"]?.numberValue == 300_000)
        // Round trip through the strict parser.
        #expect(try JSONValue(parsing: Array(json.jsonText.utf8)) == json)
    }

    @Test func requestOptionsForDiscoverableCredentialsHaveAnEmptyAllowList() {
        let json = RequestOptions(challenge: [1, 2, 3], rpID: "example.org", userVerification: .required).json
        #expect(json["allowCredentials"]?.arrayValue?.isEmpty == true)
        #expect(json["rpId"]?.stringValue == "example.org")
        #expect(json["userVerification"]?.stringValue == "required")
    }
}
