/// `WWW-Authenticate: Bearer …` values (RFC 6750 §3) with parameters restricted to the allowed characters.
public enum BearerChallenge {
    /// `Bearer error="invalid_token"` plus an optional description: for missing, malformed or refused tokens.
    public static func invalidToken(description: String? = nil) -> String {
        var parameters = ["error=\"invalid_token\""]
        if let description { parameters.append("error_description=\"\(sanitized(description))\"") }
        return "Bearer " + parameters.joined(separator: ", ")
    }

    /// Keeps only the characters RFC 6750 §3 allows inside `error_description` and `scope`-like values:
    /// %x20-21 / %x23-5B / %x5D-7E (so no `"` and no `\`, which makes escaping unnecessary).
    public static func sanitized(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { scalar in
            let value = scalar.value
            return (0x20...0x7E).contains(value) && value != 0x22 && value != 0x5C
        }))
    }
}
