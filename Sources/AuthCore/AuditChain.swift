import JOSE
import Cryptography
import Foundation

/// One stored audit record: an event plus its place in the hash chain.
public struct AuditRecord: Sendable, Equatable {
    /// 1, 2, 3, … with no gaps.
    public let sequence: Int64
    /// The event.
    public let event: SecurityEvent
    /// The hash of the record before (64 zeros for the first).
    public let previousHash: String
    /// SHA-256 over `previousHash` and this record's canonical form.
    public let hash: String

    /// A record value.
    public init(sequence: Int64, event: SecurityEvent, previousHash: String, hash: String) {
        self.sequence = sequence
        self.event = event
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// How records are chained and how a chain is checked.
public enum AuditChain {
    /// The `previousHash` of the first record.
    public static let genesis = String(repeating: "0", count: 64)

    /// The canonical bytes of an event at a sequence number: JSON with sorted keys and no whitespace.
    public static func canonical(_ event: SecurityEvent, sequence: Int64) -> [UInt8] {
        Array(JSONValue.object(members(event, sequence: sequence)).jsonText.utf8)
    }

    /// A record as evidence: its canonical members plus `previous_hash` and `hash`. Anyone can recheck a
    /// chain from these lines alone: drop the two hashes, serialise the rest canonically, and
    /// `hash` = SHA-256(`previous_hash` + that), hex; the first `previous_hash` is `genesis`.
    public static func evidence(_ record: AuditRecord) -> JSONValue {
        var object = members(record.event, sequence: record.sequence)
        object["previous_hash"] = .string(record.previousHash)
        object["hash"] = .string(record.hash)
        return .object(object)
    }

    private static func members(_ event: SecurityEvent, sequence: Int64) -> [String: JSONValue] {
        var object: [String: JSONValue] = [
            "seq": .number(Double(sequence)), "type": .string(event.type), "realm": .string(event.realm),
            "at": .number(Double(event.at)), "details": .object(event.details.mapValues { .string($0) }),
        ]
        if let user = event.userID { object["user"] = .string(user) }
        if let request = event.requestID { object["request_id"] = .string(request) }
        if let client = event.clientAddress { object["client"] = .string(client) }
        return object
    }

    /// The hash of a record whose predecessor has `previousHash`.
    public static func hash(_ event: SecurityEvent, sequence: Int64, previousHash: String) -> String {
        Hex.encode(Digest.sha256(Array(previousHash.utf8) + canonical(event, sequence: sequence)))
    }

    /// A finding of `verify`.
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        /// The sequence number where the chain breaks.
        public let sequence: Int64
        /// What is wrong there.
        public let problem: String
        public var description: String { "record \(sequence): \(problem)" }
    }

    /// Checks a chain read in storage order: every record's hash, link and sequence number.
    /// Returns the first break (an edited, reordered or deleted record), or nil when intact.
    public static func verify(_ records: [AuditRecord]) -> Finding? {
        var expectedPrevious = genesis
        var expectedSequence: Int64 = 1
        for record in records {
            if record.sequence != expectedSequence {
                return Finding(sequence: record.sequence,
                               problem: record.sequence > expectedSequence
                                   ? "records \(expectedSequence)…\(record.sequence - 1) are missing (deleted)"
                                   : "out of order (expected \(expectedSequence))")
            }
            if hash(record.event, sequence: record.sequence, previousHash: record.previousHash) != record.hash {
                return Finding(sequence: record.sequence, problem: "content does not match its hash (edited)")
            }
            if record.previousHash != expectedPrevious {
                return Finding(sequence: record.sequence, problem: "does not link to the record before (reordered or replaced)")
            }
            expectedPrevious = record.hash
            expectedSequence += 1
        }
        return nil
    }
}
