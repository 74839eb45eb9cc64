import Foundation

/// Runs scripts with the project venv's Python (created by `scripts/python-venv.sh`).
public enum VenvPython {
    public static let executable = URL(fileURLWithPath: repositoryRoot).appendingPathComponent(".build/venv/bin/python")

    /// True when the venv exists and has PyJWT with crypto support.
    public static let available: Bool = {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { return false }
        return (try? run("import jwt, cryptography; print('ok')", arguments: [])) == "ok"
    }()

    /// Runs `script` with `arguments` (sys.argv[1…]); returns trimmed stdout, throws on a non-zero exit.
    public static func run(_ script: String, arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["-c", script] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PythonFailure(status: process.terminationStatus, stderr: String(decoding: errorData, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public struct PythonFailure: Error, CustomStringConvertible {
        let status: Int32
        let stderr: String
        public var description: String { "python exited \(status): \(stderr.suffix(600))" }
    }
}

