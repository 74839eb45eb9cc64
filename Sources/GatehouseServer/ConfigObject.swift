/// A JSON object from the configuration file, read key by key; unread keys are reported as unknown.
final class ConfigObject {
    private let values: [String: Any]
    private let path: String
    private var read: Set<String> = []

    init(_ values: [String: Any], path: String) {
        self.values = values
        self.path = path
    }

    func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    func string(_ name: String) throws(ConfigurationError) -> String? {
        guard let value = take(name) else { return nil }
        guard let text = value as? String else { throw ConfigurationError(key: key(name), problem: "must be a string") }
        return text
    }

    func int(_ name: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let value = take(name) else { return nil }
        guard let number = value as? Int, !(value is Bool), range.contains(number) else {
            throw ConfigurationError(key: key(name), problem: "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func bool(_ name: String) throws(ConfigurationError) -> Bool? {
        guard let value = take(name) else { return nil }
        guard let flag = value as? Bool else { throw ConfigurationError(key: key(name), problem: "must be true or false") }
        return flag
    }

    /// The member names (for maps keyed by the operator, such as step-up operations).
    var keys: [String] { values.keys.sorted() }

    func strings(_ name: String) throws(ConfigurationError) -> [String]? {
        guard let value = take(name) else { return nil }
        guard let list = value as? [String] else { throw ConfigurationError(key: key(name), problem: "must be a list of strings") }
        return list
    }

    func object(_ name: String) throws(ConfigurationError) -> ConfigObject? {
        guard let value = take(name) else { return nil }
        guard let object = value as? [String: Any] else { throw ConfigurationError(key: key(name), problem: "must be an object") }
        return ConfigObject(object, path: key(name))
    }

    /// Fails on the first key nobody asked for (a typo should stop the start, not be ignored).
    func rejectUnknown() throws(ConfigurationError) {
        if let unknown = values.keys.sorted().first(where: { !read.contains($0) }) {
            throw ConfigurationError(key: key(unknown), problem: "is not a known setting")
        }
    }

    private func take(_ name: String) -> Any? {
        read.insert(name)
        return values[name]
    }
}
