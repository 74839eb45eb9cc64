import CQREncode

/// A QR code symbol (libqrencode), rendered as SVG for otpauth URIs and similar short texts.
public struct QRCode: Sendable, Equatable {
    /// Modules per side (without the quiet zone).
    public let size: Int
    /// Row-major dark modules, `size * size` entries.
    public let modules: [Bool]

    /// Error-correction levels (ISO/IEC 18004).
    public enum Correction: Sendable {
        case low, medium, quartile, high

        var level: QRecLevel {
            switch self {
            case .low: QR_ECLEVEL_L
            case .medium: QR_ECLEVEL_M
            case .quartile: QR_ECLEVEL_Q
            case .high: QR_ECLEVEL_H
            }
        }
    }

    /// Encodes `text` as 8-bit data in the smallest version that fits; throws when it does not fit.
    public init(encoding text: String, correction: Correction = .medium) throws {
        guard let symbol = QRcode_encodeString8bit(text, 0, correction.level) else {
            throw QRCodeError(reason: "libqrencode could not encode the text (too long or out of memory)")
        }
        defer { QRcode_free(symbol) }
        let width = Int(symbol.pointee.width)
        let data = UnsafeBufferPointer(start: symbol.pointee.data, count: width * width)
        size = width
        modules = data.map { $0 & 1 == 1 }  // bit 0 is "dark"; the other bits describe the module's role
    }

    /// Whether the module at (`x`, `y`) is dark.
    public func isDark(x: Int, y: Int) -> Bool {
        modules[y * size + x]
    }

    /// The symbol as a standalone SVG document, `scale` pixels per module, with a quiet zone of `border` modules.
    public func svg(scale: Int = 4, border: Int = 4) -> String {
        let side = size + 2 * border
        var path = ""
        path.reserveCapacity(size * size * 4)
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else { x += 1; continue }
                let start = x
                while x < size && isDark(x: x, y: y) { x += 1 }
                path += "M\(start + border) \(y + border)h\(x - start)v1h-\(x - start)z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(side * scale)" height="\(side * scale)" \
            viewBox="0 0 \(side) \(side)" shape-rendering="crispEdges">\
            <rect width="\(side)" height="\(side)" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
            """
    }
}

/// A QR code could not be produced; never contains the encoded text.
public struct QRCodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public let reason: String
    public var description: String { "QRCodeError: \(reason)" }
}
