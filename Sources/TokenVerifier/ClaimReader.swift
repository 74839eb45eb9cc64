import Foundation
import JOSE

/// Typed, strict access to the members of a claims object.
struct ClaimReader {
    /// NumericDates beyond 9999-12-31 are refused as nonsense.
    static let latestNumericDate: Double = 253_402_300_799

    private let members: [String: JSONValue]

    init(_ payload: JSONValue) throws {
        guard case .object(let members) = payload else {
            throw TokenVerificationError(.malformed, "token payload is not a JSON object")
        }
        self.members = members
    }

    func string(_ name: String) throws -> String? {
        switch members[name] {
        case nil: return nil
        case .string(let value)?: return value
        default: throw TokenVerificationError(.invalidClaim, "\(name) is not a string")
        }
    }

    func requiredString(_ name: String) throws -> String {
        guard let value = try string(name) else { throw TokenVerificationError(.missingClaim, "\(name) is missing") }
        return value
    }

    func strings(_ name: String) throws -> [String]? {
        guard let value = members[name] else { return nil }
        guard case .array(let elements) = value else { throw TokenVerificationError(.invalidClaim, "\(name) is not an array") }
        return try elements.map { element in
            guard case .string(let text) = element else {
                throw TokenVerificationError(.invalidClaim, "\(name) has a non-string member")
            }
            return text
        }
    }

    /// `aud`: a string or a non-empty array of strings.
    func audience() throws -> [String] {
        switch members["aud"] {
        case nil:
            throw TokenVerificationError(.missingClaim, "aud is missing")
        case .string(let single)?:
            return [single]
        default:
            let many = try strings("aud") ?? []
            guard !many.isEmpty else { throw TokenVerificationError(.invalidClaim, "aud is an empty array") }
            return many
        }
    }

    /// A NumericDate (RFC 7519 §2): seconds since the epoch, possibly fractional, not negative.
    func date(_ name: String) throws -> Date? {
        switch members[name] {
        case nil:
            return nil
        case .number(let seconds)? where seconds >= 0 && seconds <= Self.latestNumericDate:
            return Date(timeIntervalSince1970: seconds)
        default:
            throw TokenVerificationError(.invalidClaim, "\(name) is not a NumericDate")
        }
    }

    func requiredDate(_ name: String) throws -> Date {
        guard let value = try date(name) else { throw TokenVerificationError(.missingClaim, "\(name) is missing") }
        return value
    }
}
