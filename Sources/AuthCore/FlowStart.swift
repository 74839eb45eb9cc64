import JOSE
/// What the client learns when a flow begins: its id, the next step and the factor kinds offered.
public struct FlowStart: Sendable, Equatable, Encodable {
    /// The next step.
    public enum Next: String, Sendable, Encodable {
        /// Answer one of `factors`.
        case factor
        /// Enrol one of `factors` first.
        case enroll
    }

    /// The flow id: a bearer secret for the flow's life.
    public let flowID: String
    /// What to do next.
    public let next: Next
    /// The factor kinds to choose from.
    public let factors: [String]
    /// When the flow expires (Unix seconds).
    public let expiresAt: Int64

    enum CodingKeys: String, CodingKey {
        case flowID = "flow_id", next, factors, expiresAt = "expires_at"
    }
}

/// A token endpoint response (RFC 6749 §5.1).
public struct TokenResponse: Sendable, Encodable {
    /// The signed access token.
    public let accessToken: String
    /// Always `Bearer`.
    public let tokenType = "Bearer"
    /// Seconds until the access token expires.
    public let expiresIn: Int64
    /// The refresh token (absent on a step-up, which keeps the session's refresh token).
    public let refreshToken: String?
    /// Extra members a plugin adds once (recovery codes after a first enrolment).
    public var extra: [String: JSONValue] = [:]

    /// A token response.
    public init(accessToken: String, expiresIn: Int64, refreshToken: String?) {
        self.accessToken = accessToken
        self.expiresIn = expiresIn
        self.refreshToken = refreshToken
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", tokenType = "token_type", expiresIn = "expires_in", refreshToken = "refresh_token"
    }

    private struct ExtraKey: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accessToken, forKey: .accessToken)
        try container.encode(tokenType, forKey: .tokenType)
        try container.encode(expiresIn, forKey: .expiresIn)
        try container.encodeIfPresent(refreshToken, forKey: .refreshToken)
        var extras = encoder.container(keyedBy: ExtraKey.self)
        for (key, value) in extra { try extras.encode(value, forKey: ExtraKey(stringValue: key)) }
    }
}
