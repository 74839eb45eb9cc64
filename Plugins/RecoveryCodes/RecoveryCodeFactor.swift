import AuthCore
import Cryptography
import Foundation
import JOSE
import Synchronization
import Workers

/// Recovery codes: kind `recovery_code`. Ten single-use codes per generation, issued by the server with the
/// user's first factor and on regeneration, stored as bcrypt hashes (one row each, deleted when used). Offered in
/// the login flow; not for step-up unless realm policy allows it.
public struct RecoveryCodeFactor: FactorProvider {
    /// The stable kind.
    public static let kind = "recovery_code"
    /// At this many remaining codes or fewer, a redemption reports `recovery_codes.low`.
    public static let lowWatermark = 2

    public let descriptor = FactorDescriptor(kind: RecoveryCodeFactor.kind, amr: ["otp"], selfEnrollable: false,
                                             stepUpCapable: false, isPrimary: false, issuedWithFirstFactor: true)
    /// The configuration in effect.
    public let configuration: Configuration
    private let hashing: WorkerPool?
    private let dummyHash: String

    /// A plugin hashing on `hashing` (the server's bounded hashing pool; nil runs inline, for tests and tools).
    public init(_ configuration: Configuration = Configuration(), hashing: WorkerPool? = nil) throws {
        try configuration.validate()
        self.configuration = configuration
        self.hashing = hashing
        // An unknown lookup id is checked against this, so it costs what a wrong secret costs. At the default
        // cost a fixed one serves (hashing a fresh one took ~170 ms at every start, every CLI command included).
        dummyHash = configuration.bcryptCost == 12
            ? Self.dummyCost12
            : try Bcrypt.hash(password: RecoveryCode(random: SystemRandom()).canonical, cost: configuration.bcryptCost)
    }

    /// A bcrypt cost-12 hash of a random secret that was thrown away once hashed: nothing verifies against it.
    static let dummyCost12 = "$2b$12$O1yrgixiU4dConPVMp9ee.v8NjjDSw0GpXYXgXTgR33n7FSrXLXS."

    public func beginEnrollment(_ context: FactorContext) throws -> EnrollmentStart {
        throw AuthError(.factorNotAllowed, "recovery codes are issued, not enrolled; regenerate them instead")
    }

    public func finishEnrollment(_ context: FactorContext, pending: [UInt8], answer: JSONValue) throws -> EnrollmentOutcome {
        throw AuthError(.factorNotAllowed, "recovery codes are issued, not enrolled; regenerate them instead")
    }

    public func verify(_ context: FactorContext, credentials: [FactorCredential], pending: [UInt8]?,
                       answer: JSONValue) throws -> Verification {
        guard let text = answer["code"]?.stringValue, let code = RecoveryCode(parsing: text) else {
            return .rejected(reason: "malformed recovery code")
        }
        var match: (credential: FactorCredential, hash: String)?
        for credential in credentials where credential.kind == Self.kind && credential.userID == context.userID {
            if let hash = try context.credentials.secret(credentialID: credential.id, lookup: code.lookup) {
                match = (credential, hash)
                break
            }
        }
        let hash = match?.hash ?? dummyHash
        let secret = code.canonical
        let verified = try onHashingPool { (try? Bcrypt.verify(password: secret, against: hash)) ?? false }
        guard verified, let match else { return .rejected(reason: "wrong or unknown recovery code") }
        // Deleting the row is the acceptance: of simultaneous redemptions exactly one deletes it.
        guard try context.credentials.consumeSecret(credentialID: match.credential.id, lookup: code.lookup) else {
            return .rejected(reason: "recovery code already used")
        }
        _ = try context.credentials.updateCredentialData(id: match.credential.id, expectedVersion: match.credential.version,
                                                         data: match.credential.data, usedAt: context.now)
        let remaining = try context.credentials.secretCount(credentialID: match.credential.id)
        if remaining <= Self.lowWatermark {
            try context.report(EventType.recoveryCodesLow, ["credential": match.credential.id, "remaining": String(remaining)])
        }
        return .accepted(credentialID: match.credential.id, amr: descriptor.amr)
    }

    public func details(_ context: FactorContext, credential: FactorCredential) throws -> JSONValue {
        .object(["remaining": .number(Double(try context.credentials.secretCount(credentialID: credential.id)))])
    }

    /// A fresh generation of ten codes: replaces every code of the user's existing set at once, or stores a new set.
    public func issue(_ context: FactorContext, replacing existing: [FactorCredential]) throws -> IssuedCredential? {
        let codes = Self.generate(random: context.random)
        let secrets = try hash(codes)
        let credentialID: String
        if let current = existing.first(where: { $0.userID == context.userID }) {
            credentialID = current.id
            try context.credentials.replaceSecrets(credentialID: current.id, secrets: secrets)
        } else {
            credentialID = Base64URL.encode(context.random.bytes(16))
            let data = Array(JSONValue.object(["v": .number(1)]).jsonText.utf8)
            try context.credentials.insertCredential(FactorCredential(id: credentialID, userID: context.userID, kind: Self.kind,
                                                                      data: data, createdAt: context.now), secrets: secrets)
        }
        return IssuedCredential(credentialID: credentialID,
                                response: .object(["recovery_codes": .array(codes.map { .string($0.displayText) })]))
    }

    /// Ten codes with distinct lookup groups.
    static func generate(random: any RandomSource) -> [RecoveryCode] {
        var codes: [RecoveryCode] = []
        while codes.count < Configuration.codesPerGeneration {
            let code = RecoveryCode(random: random)
            if !codes.contains(where: { $0.lookup == code.lookup }) { codes.append(code) }
        }
        return codes
    }

    /// The stored form of each code: its lookup id and bcrypt hash, hashed in parallel on the hashing pool.
    func hash(_ codes: [RecoveryCode]) throws -> [(lookup: String, value: String)] {
        let cost = configuration.bcryptCost
        let results = Results(count: codes.count)
        DispatchQueue.concurrentPerform(iterations: codes.count) { index in
            let secret = codes[index].canonical
            results.set(index, Result { try onHashingPool { try Bcrypt.hash(password: secret, cost: cost) } })
        }
        return try zip(codes, results.values).map { (lookup: $0.lookup, value: try $1.get()) }
    }

    private func onHashingPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        if let hashing { return try hashing.run(body) }
        return try body()
    }
}

/// Results of parallel hashing jobs, filled from several threads.
private final class Results: Sendable {
    private let storage: Mutex<[Result<String, any Error>?]>
    init(count: Int) { storage = Mutex(Array(repeating: nil, count: count)) }
    func set(_ index: Int, _ result: Result<String, any Error>) { storage.withLock { $0[index] = result } }
    var values: [Result<String, any Error>] {
        storage.withLock { $0.map { $0 ?? .failure(RecoveryCodeError(.malformedData, "a hashing job did not finish")) } }
    }
}
