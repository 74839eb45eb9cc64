/// A minimal DER reader for the few structures attestation formats carry inside certificate extensions.
struct DERReader {
    /// One TLV element: class and constructed bits, tag number, and contents.
    struct Element {
        let tagClass: UInt8
        let constructed: Bool
        let tagNumber: Int
        let contents: ArraySlice<UInt8>

        var isSequence: Bool { tagClass == 0 && constructed && tagNumber == 16 }
        var isSet: Bool { tagClass == 0 && constructed && tagNumber == 17 }
        var isOctetString: Bool { tagClass == 0 && !constructed && tagNumber == 4 }
        var isInteger: Bool { tagClass == 0 && !constructed && (tagNumber == 2 || tagNumber == 10) }
        var isContextSpecific: Bool { tagClass == 0x80 }

        /// The children of a constructed element.
        func children() throws -> [Element] {
            var reader = DERReader(contents)
            var items = [Element]()
            while !reader.isAtEnd { items.append(try reader.next()) }
            return items
        }

        /// The value of a small non-negative INTEGER or ENUMERATED.
        func intValue() throws -> Int {
            guard isInteger, !contents.isEmpty, contents.count <= 8, contents.first! & 0x80 == 0 else { throw DERReader.failure }
            return contents.reduce(0) { $0 << 8 | Int($1) }
        }
    }

    static let failure = WebAuthnError(.attestationInvalid, "malformed DER in attestation extension")

    private let bytes: ArraySlice<UInt8>
    private var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    init(_ bytes: [UInt8]) { self.init(bytes[...]) }

    var isAtEnd: Bool { position >= bytes.endIndex }

    private mutating func byte() throws -> UInt8 {
        guard position < bytes.endIndex else { throw Self.failure }
        defer { position += 1 }
        return bytes[position]
    }

    /// Reads the next element.
    mutating func next() throws -> Element {
        let identifier = try byte()
        var number = Int(identifier & 0x1f)
        if number == 0x1f {
            number = 0
            var count = 0
            while true {
                let part = try byte()
                count += 1
                guard count <= 4 else { throw Self.failure }
                number = number << 7 | Int(part & 0x7f)
                if part & 0x80 == 0 { break }
            }
        }
        var length = Int(try byte())
        if length & 0x80 != 0 {
            let width = length & 0x7f
            guard width >= 1, width <= 4 else { throw Self.failure }
            length = 0
            for _ in 0..<width { length = length << 8 | Int(try byte()) }
        }
        guard length <= bytes.endIndex - position else { throw Self.failure }
        let contents = bytes[position..<position + length]
        position += length
        return Element(tagClass: identifier & 0xc0, constructed: identifier & 0x20 != 0, tagNumber: number, contents: contents)
    }
}
