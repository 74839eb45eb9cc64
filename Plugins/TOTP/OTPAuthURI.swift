/// The `otpauth://totp/…` URI authenticator apps scan (Google Authenticator key-URI format).
public struct OTPAuthURI: Sendable, Equatable {
    /// Who issues the code (shown by the app, e.g. `Gatehouse (acme)`).
    public let issuer: String
    /// The account (the username).
    public let account: String
    /// The parameters.
    public let parameters: OneTimePassword

    /// A URI description.
    public init(issuer: String, account: String, parameters: OneTimePassword) {
        self.issuer = issuer
        self.account = account
        self.parameters = parameters
    }

    /// `otpauth://totp/{issuer}:{account}?secret=…&issuer=…&algorithm=…&digits=…&period=…`; the secret in base32
    /// without padding. The result carries the secret: show it once, never log it.
    public func text(secretBase32: String) -> String {
        "otpauth://totp/\(Self.escape(issuer)):\(Self.escape(account))?secret=\(secretBase32)&issuer=\(Self.escape(issuer))"
            + "&algorithm=\(parameters.algorithm.rawValue)&digits=\(parameters.digits)&period=\(parameters.period)"
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters.
    static func escape(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                output.unicodeScalars.append("%")
                output.unicodeScalars.append(hex[Int(byte >> 4)])
                output.unicodeScalars.append(hex[Int(byte & 15)])
            }
        }
        return output
    }
}
