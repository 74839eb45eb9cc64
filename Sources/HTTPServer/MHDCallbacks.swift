import CMicroHTTPD
import Glibc

// libmicrohttpd calls these from its own threads. They are free functions (never capturing
// closures) and find their server and exchange through the `void *` context arguments.

/// Creates the exchange for a new request from the raw URI (before libmicrohttpd unescapes it).
func gatehouseRequestStarted(_ context: UnsafeMutableRawPointer?, _ uri: UnsafePointer<CChar>?,
                             _ connection: OpaquePointer?) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    let server = Unmanaged<HTTPServer>.fromOpaque(context).takeUnretainedValue()
    let raw = uri.map { Array(UnsafeRawBufferPointer(start: $0, count: strlen($0))) } ?? []
    let exchange = server.begin(rawTarget: raw)
    return Unmanaged.passRetained(exchange).toOpaque()
}

/// Answers libmicrohttpd's calls for headers, body chunks and completion of one request.
func gatehouseAccess(_ context: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
                     _ url: UnsafePointer<CChar>?, _ method: UnsafePointer<CChar>?, _ version: UnsafePointer<CChar>?,
                     _ uploadData: UnsafePointer<CChar>?, _ uploadSize: UnsafeMutablePointer<Int>?,
                     _ requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> MHD_Result {
    guard let context, let connection, let slot = requestContext?.pointee else { return .NO }
    let server = Unmanaged<HTTPServer>.fromOpaque(context).takeUnretainedValue()
    let exchange = Unmanaged<Exchange>.fromOpaque(slot).takeUnretainedValue()
    let chunk: UnsafeRawBufferPointer? = uploadSize.flatMap { size in
        size.pointee > 0 ? UnsafeRawBufferPointer(start: uploadData, count: size.pointee) : nil
    }
    let keepGoing = server.access(exchange, connection: connection, method: method.map { String(cString: $0) } ?? "", chunk: chunk)
    if chunk != nil { uploadSize?.pointee = 0 }
    return keepGoing ? .YES : .NO
}

/// Releases the exchange and writes its log line when libmicrohttpd is done with the request.
func gatehouseRequestCompleted(_ context: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
                               _ requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
                               _ termination: MHD_RequestTerminationCode) {
    guard let context, let slot = requestContext?.pointee else { return }
    requestContext?.pointee = nil
    let server = Unmanaged<HTTPServer>.fromOpaque(context).takeUnretainedValue()
    let exchange = Unmanaged<Exchange>.fromOpaque(slot).takeRetainedValue()
    server.complete(exchange, cleanly: termination == .REQUEST_TERMINATED_COMPLETED_OK)
}

/// Collects one request header into the exchange.
func gatehouseCollectHeader(_ context: UnsafeMutableRawPointer?, _ kind: MHD_ValueKind,
                            _ key: UnsafePointer<CChar>?, _ value: UnsafePointer<CChar>?) -> MHD_Result {
    guard let context, let key else { return .YES }
    let exchange = Unmanaged<Exchange>.fromOpaque(context).takeUnretainedValue()
    let name = String(decoding: UnsafeRawBufferPointer(start: key, count: strlen(key)), as: UTF8.self)
    let text = value.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: strlen($0)), as: UTF8.self) } ?? ""
    exchange.headers.add(name, text)
    exchange.headerBytes += name.utf8.count + text.utf8.count + 4
    return .YES
}
