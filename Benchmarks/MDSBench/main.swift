import Cryptography
import FIDOMetadata
import Foundation

// Load-and-verify time of the production MDS3 BLOB no=95 (read + JWS parse + RS256 signature + chain + CRLs
// + payload parse + index). Usage: mds-bench [path to ../shared/vectors/mds3] [runs]
let arguments = CommandLine.arguments
let shared = arguments.count > 1 ? arguments[1] : FileManager.default.currentDirectoryPath + "/../shared/vectors/mds3"
let runs = arguments.count > 2 ? Int(arguments[2]) ?? 7 : 7

func file(_ path: String) throws -> Data {
    guard let data = FileManager.default.contents(atPath: shared + "/" + path) else {
        throw MetadataError(.io, "cannot read \(path) under \(shared)")
    }
    return data
}

do {
    let trust = try MetadataTrust.globalSignR3(pem: String(decoding: file("trust-globalsign-r3/globalsign-root-ca-r3.pem"), as: UTF8.self))
    let crls = [try CRL(derRepresentation: file("trust-globalsign-r3/root-r3.crl")),
                try CRL(derRepresentation: file("trust-globalsign-r3/gsextendvalsha2g3r3.crl"))]
    let time = Date(timeIntervalSince1970: 1_725_321_600) // 2024-09-03T00:00:00Z
    var timings = [Double]()
    var entries = 0
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        let bytes = try MetadataLoader.read(file: shared + "/production-2024-09-no95/blob.jwt")
        let blob = try MetadataBLOB.verify(jws: bytes, trust: trust, at: time, crls: crls)
        timings.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        entries = blob.entries.count
    }
    timings.sort()
    let median = timings[timings.count / 2]
    print(String(format: "MDS3 no=95 load-and-verify (%d entries): median %.1f ms over %d runs (min %.1f, max %.1f)",
                 entries, median, runs, timings.first!, timings.last!))
} catch {
    print("mds-bench: \(error)")
    exit(1)
}
