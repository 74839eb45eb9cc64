/// Command-line options: `--issuer URL --audience AUD [--listen 127.0.0.1:8090] [--max-age 300]`.
struct TenantRouterOptions {
    var issuer = ""
    var audience = ""
    var host = "127.0.0.1"
    var port: UInt16 = 8090
    var maxAge = 300

    static let usage = "usage: tenant-router --issuer URL --audience AUD [--listen 127.0.0.1:8090] [--max-age 300]"

    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    init(_ arguments: [String]) throws {
        var remaining = arguments[...]
        while let flag = remaining.popFirst() {
            guard let value = remaining.popFirst() else { throw Invalid(description: "\(flag) needs a value") }
            switch flag {
            case "--issuer": issuer = value
            case "--audience": audience = value
            case "--listen":
                guard let colon = value.lastIndex(of: ":"), let port = UInt16(value[value.index(after: colon)...]) else {
                    throw Invalid(description: "--listen must be HOST:PORT")
                }
                host = String(value[..<colon])
                self.port = port
            case "--max-age":
                guard let seconds = Int(value), seconds >= 0 else { throw Invalid(description: "--max-age must be a whole number ≥ 0") }
                maxAge = seconds
            default:
                throw Invalid(description: "unknown option \(flag)")
            }
        }
        guard !issuer.isEmpty, !audience.isEmpty else { throw Invalid(description: "--issuer and --audience are required") }
    }
}
