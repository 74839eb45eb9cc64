import Cryptography
import Testing

@Suite("Password hashing: argon2id and bcrypt")
struct PasswordHashTests {
    // phc-winner-argon2 src/test.c (the reference implementation's own argon2id vectors).
    @Test("reference argon2id PHC vectors verify", arguments: [
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
    ])
    func argon2Reference(phc: String) throws {
        #expect(try Argon2id.verify(password: SecretBytes(utf8: "password"), against: phc))
        #expect(try !Argon2id.verify(password: SecretBytes(utf8: "passwore"), against: phc))
    }

    @Test("argon2id hash → verify round trip with the default parameters")
    func argon2RoundTrip() throws {
        let password = SecretBytes(utf8: "correct horse battery staple")
        let phc = try Argon2id.hash(password: password)
        #expect(phc.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(try Argon2id.verify(password: password, against: phc))
        #expect(try !Argon2id.verify(password: SecretBytes(utf8: "correct horse battery stapl"), against: phc))
        #expect(try !Argon2id.verify(password: SecretBytes([UInt8]()), against: phc))
        #expect(try Argon2id.hash(password: password) != phc) // fresh salt
    }

    @Test("argon2id uses the injected random source for the salt")
    func argon2PinnedSalt() throws {
        let parameters = Argon2id.Parameters(memoryKiB: 256, iterations: 2, parallelism: 1)
        let phc = try Argon2id.hash(password: SecretBytes(utf8: "pw"), parameters: parameters, using: FixedRandom(byte: 0x41))
        #expect(phc.hasPrefix("$argon2id$v=19$m=256,t=2,p=1$QUFBQUFBQUFBQUFBQUFBQQ$"))
        #expect(phc == (try Argon2id.hash(password: SecretBytes(utf8: "pw"), parameters: parameters, using: FixedRandom(byte: 0x41))))
    }

    @Test("argon2id parameters parse from a PHC string and drive the rehash decision")
    func argon2Parameters() throws {
        let phc = "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"
        #expect(try Argon2id.parameters(of: phc) == Argon2id.Parameters(memoryKiB: 65536, iterations: 3, parallelism: 4))
        #expect(try Argon2id.needsRehash(phc))
        let current = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"
        #expect(try !Argon2id.needsRehash(current))
        #expect(Argon2id.Parameters.default == Argon2id.Parameters(memoryKiB: 19456, iterations: 2, parallelism: 1))
    }

    @Test("malformed argon2id strings throw malformedInput, never crash", arguments: [
        "",
        "password",
        "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=16$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$t=2,m=65536,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=065536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=99999999999,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=65536,t=0,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ=$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=65536,t=2,p=1$c29t_XNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$",
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc$",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
    ])
    func argon2Malformed(phc: String) {
        #expect(throws: CryptographyError(.malformedInput, "")) {
            try Argon2id.verify(password: SecretBytes(utf8: "password"), against: phc)
        }
        #expect(throws: CryptographyError(.malformedInput, "")) { try Argon2id.parameters(of: phc) }
    }

    @Test("argon2id errors never echo the password")
    func argon2ErrorHasNoPassword() {
        do {
            _ = try Argon2id.verify(password: SecretBytes(utf8: "hunter2-secret"), against: "$argon2id$garbage")
            Issue.record("garbage verified")
        } catch {
            #expect(!String(describing: error).contains("hunter2"))
        }
    }

    @Test("published bcrypt hashes at cost 12 verify", arguments: [
        // Wikipedia "bcrypt" article example.
        ("abc123xyz", "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"),
        // A $2b$ hash published in a public repository's seed data ("password: Test1234"), checked with Python's crypt.
        ("Test1234", "$2b$12$vfRQNfS.lHKvZWeS8y4tA.Rrhi7.L7i7oTSPsRn2mzjPsJajMGC2m"),
    ])
    func bcryptKnown(password: String, hash: String) throws {
        #expect(try Bcrypt.verify(password: SecretBytes(utf8: password), against: hash))
        #expect(try !Bcrypt.verify(password: SecretBytes(utf8: password + "!"), against: hash))
        #expect(try Bcrypt.cost(of: hash) == 12)
    }

    @Test("bcrypt $2b$ round trip at the lowest cost")
    func bcryptRoundTrip() throws {
        let code = SecretBytes(utf8: "K7QF-9XZ2-MM4P")
        let hash = try Bcrypt.hash(password: code, cost: 4)
        #expect(hash.hasPrefix("$2b$04$"))
        #expect(hash.utf8.count == 60)
        #expect(try Bcrypt.verify(password: code, against: hash))
        #expect(try !Bcrypt.verify(password: SecretBytes(utf8: "K7QF-9XZ2-MM4Q"), against: hash))
        #expect(try Bcrypt.hash(password: code, cost: 4) != hash)
        #expect(Bcrypt.defaultCost == 12)
    }

    @Test("bcrypt refuses yescrypt, other schemes, garbage and bad inputs", arguments: [
        "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7",
        "$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/",
        "$1$saltsalt$qjXMvbEw8oaL.CzflDugX/",
        "$2x$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
        "$2b$03$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMU",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMU!",
        "*0",
        "*1",
        "",
    ])
    func bcryptRefusals(hash: String) {
        #expect(throws: CryptographyError(.malformedInput, "")) {
            try Bcrypt.verify(password: SecretBytes(utf8: "abc123xyz"), against: hash)
        }
    }

    @Test("bcrypt refuses costs out of range, NUL bytes and passwords over 72 bytes")
    func bcryptInputs() {
        #expect(throws: CryptographyError(.malformedInput, "")) { try Bcrypt.hash(password: SecretBytes(utf8: "x"), cost: 3) }
        #expect(throws: CryptographyError(.malformedInput, "")) { try Bcrypt.hash(password: SecretBytes(utf8: "x"), cost: 32) }
        #expect(throws: CryptographyError(.malformedInput, "")) { try Bcrypt.hash(password: SecretBytes([0x61, 0x00, 0x62]), cost: 4) }
        #expect(throws: CryptographyError(.malformedInput, "")) {
            try Bcrypt.hash(password: SecretBytes([UInt8](repeating: 0x61, count: 73)), cost: 4)
        }
    }
}
