/// An RFC 9470 step-up challenge: `Bearer error="insufficient_user_authentication", …`.
public struct StepUpChallenge: Sendable, Hashable {
    /// `max_age`: the largest acceptable age of the authentication, in seconds.
    public var maxAge: Int?
    /// `acr_values`: acceptable authentication context classes, in order of preference.
    public var acrValues: [String]
    /// `error_description`: a short human-readable explanation.
    public var description: String?

    /// A challenge; nil and empty parameters are omitted from the header.
    public init(maxAge: Int? = nil, acrValues: [String] = [], description: String? = nil) {
        self.maxAge = maxAge
        self.acrValues = acrValues
        self.description = description
    }

    /// The `WWW-Authenticate` value: error, error_description, acr_values, max_age (in that order, when set).
    public var headerValue: String {
        var parameters = ["error=\"insufficient_user_authentication\""]
        if let description {
            parameters.append("error_description=\"\(BearerChallenge.sanitized(description))\"")
        }
        let acr = acrValues.map { BearerChallenge.sanitized($0).replacingOccurrences(of: " ", with: "") }.filter { !$0.isEmpty }
        if !acr.isEmpty {
            parameters.append("acr_values=\"\(acr.joined(separator: " "))\"")
        }
        if let maxAge {
            parameters.append("max_age=\(max(0, maxAge))")
        }
        return "Bearer " + parameters.joined(separator: ", ")
    }
}
