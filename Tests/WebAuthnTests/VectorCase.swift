import Cryptography
import Foundation
import JOSE
import WebAuthn

/// One WebAuthn vector file from ../shared/vectors/webauthn, copied under Vectors/.
struct VectorCase: CustomStringConvertible, Sendable {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors")

    let path: String
    let json: JSONValue

    var description: String { path }
    var kind: String { json["kind"]?.stringValue ?? "" }
    var expectedResult: String { json["expected"]?["result"]?.stringValue ?? "" }
    var response: JSONValue { json["response"]! }
    var rpID: String { json["rpId"]!.stringValue! }

    static func load(_ path: String) -> VectorCase {
        let data = try! Data(contentsOf: directory.appendingPathComponent(path))
        return VectorCase(path: path, json: try! JSONValue(parsing: Array(data)))
    }

    static func all(kind: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory.path)!
        return enumerator.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix("INDEX.json") }
            .filter { load($0).kind == kind }
            .sorted()
    }

    var challenge: [UInt8] {
        let text = json["expected_challenge"]?.stringValue ?? json["challenge"]!.stringValue!
        return try! Base64URL.decode(text.replacingOccurrences(of: "=", with: ""))
    }

    var origins: Set<String> {
        if let list = json["origin"]?.arrayValue { return Set(list.compactMap(\.stringValue)) }
        return [json["origin"]!.stringValue!]
    }

    var requiresUserVerification: Bool {
        let options = json["rp_options"]
        return options?["requireUserVerification"]?.boolValue ?? options?["require_user_verification"]?.boolValue ?? false
    }

    /// The time the chain was checked at by the vector's authors, else the pinned time, else now.
    /// SafetyNet needs the alternative time next to the JWS timestamp (its source test disabled the freshness check).
    var time: Date {
        let check = json["certificate_chain"]?["independent_check"]
        let alternative = path.contains("safetynet") ? json["fixed_time_alternative"]?["time"]?.stringValue : nil
        let text = alternative ?? check?["attime"]?.stringValue ?? check?["self_contained_check"]?["attime"]?.stringValue
            ?? json["fixed_time"]?.stringValue
        guard let text else { return Date() }
        return ISO8601DateFormatter().date(from: text)!
    }

    /// Whether the vector's authors verified the chain to an anchor we hold.
    var chainVerifiedIndependently: Bool {
        if path.hasPrefix("w3c-spec/") { return json["trust_anchor_pem"]?.stringValue != nil }
        return json["certificate_chain"]?["independent_check"]?["verified"]?.boolValue ?? false
    }

    func policy(allowCrossOrigin: Bool = false) -> RelyingPartyPolicy {
        var topOrigins = Set<String>()
        if let top = json["topOrigin"]?.stringValue { topOrigins.insert(top) }
        return RelyingPartyPolicy(
            rpID: rpID, allowedOrigins: origins, allowsCrossOrigin: allowCrossOrigin, allowedTopOrigins: topOrigins,
            requiresUserVerification: requiresUserVerification,
            allowedAlgorithms: COSEAlgorithm.allCases.filter { $0 != .insecureRS1 }, attestationRequirement: .recordOnly)
    }

    static let anchors: InMemoryTrustAnchors = {
        let rootsDirectory = directory.appendingPathComponent("real-devices/roots")
        var files = (try! FileManager.default.contentsOfDirectory(atPath: rootsDirectory.path))
            .filter { $0.hasSuffix(".pem") }.map { rootsDirectory.appendingPathComponent($0) }
        files.append(directory.appendingPathComponent("w3c-spec/attestation-ca.pem"))
        let roots = files.flatMap { try! Certificate.certificates(fromPEM: String(contentsOf: $0, encoding: .utf8)) }
        return InMemoryTrustAnchors(roots: roots)
    }()
}
