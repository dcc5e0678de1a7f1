import Foundation

/// The size of an image as its header declares it, read without decoding a pixel: the check that keeps a 246 KB
/// PNG of 15000×15000 pixels (900 MB once decoded) away from the decoder. PNG, JPEG, GIF (every frame: an animation
/// is decoded frame by frame) and WebP; nil when the header cannot be read.
public struct ImageHeader: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// Pixels a decoder holds for the whole image: width × height for each frame, summed.
    public let pixels: Int

    public init(width: Int, height: Int, pixels: Int? = nil) {
        self.width = width
        self.height = height
        self.pixels = pixels ?? Self.product(width, height)
    }

    /// a × b, or Int.max when it overflows (a crafted header may declare 4 294 967 295 × 4 294 967 295).
    static func product(_ a: Int, _ b: Int) -> Int {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max : p
    }

    public static func read(_ data: Data) -> ImageHeader? {
        let b = [UInt8](data)
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return png(b) }
        if b.starts(with: [0xFF, 0xD8]) { return jpeg(b) }
        if b.starts(with: Array("GIF87a".utf8)) || b.starts(with: Array("GIF89a".utf8)) { return gif(b) }
        if b.starts(with: Array("RIFF".utf8)), b.count >= 12, Array(b[8..<12]) == Array("WEBP".utf8) { return webp(b) }
        return nil
    }

    /// Whether the image may be decoded under a limit of `maxPixels` (false when the header cannot be read).
    public static func fits(_ data: Data, maxPixels: Int) -> Bool {
        guard let h = read(data) else { return false }
        return h.width > 0 && h.height > 0 && h.pixels <= maxPixels
    }

    private static func be32(_ b: [UInt8], _ i: Int) -> Int? {
        guard i >= 0, i + 4 <= b.count else { return nil }
        return Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
    }

    private static func be16(_ b: [UInt8], _ i: Int) -> Int? {
        guard i >= 0, i + 2 <= b.count else { return nil }
        return Int(b[i]) << 8 | Int(b[i + 1])
    }

    private static func le16(_ b: [UInt8], _ i: Int) -> Int? {
        guard i >= 0, i + 2 <= b.count else { return nil }
        return Int(b[i]) | Int(b[i + 1]) << 8
    }

    private static func le24(_ b: [UInt8], _ i: Int) -> Int? {
        guard i >= 0, i + 3 <= b.count else { return nil }
        return Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16
    }

    /// The first chunk is IHDR: width and height as 32-bit big-endian numbers.
    private static func png(_ b: [UInt8]) -> ImageHeader? {
        guard b.count >= 24, Array(b[12..<16]) == Array("IHDR".utf8), let w = be32(b, 16), let h = be32(b, 20) else { return nil }
        return ImageHeader(width: w, height: h)
    }

    /// Segments up to the first start-of-frame marker (baseline, progressive, lossless, arithmetic).
    private static func jpeg(_ b: [UInt8]) -> ImageHeader? {
        var i = 2
        while i + 4 <= b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
            guard let length = be16(b, i + 2), length >= 2 else { return nil }
            if [0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF].contains(marker) {
                guard let h = be16(b, i + 5), let w = be16(b, i + 7) else { return nil }
                return ImageHeader(width: w, height: h)
            }
            if marker == 0xDA || marker == 0xD9 { return nil }
            i += 2 + length
        }
        return nil
    }

    /// The logical screen, then every frame's descriptor (a frame may reach past the screen; each is decoded).
    private static func gif(_ b: [UInt8]) -> ImageHeader? {
        guard let sw = le16(b, 6), let sh = le16(b, 8), b.count >= 13 else { return nil }
        var i = 13
        if b[10] & 0x80 != 0 { i += 3 << (Int(b[10] & 0x07) + 1) }
        var width = sw, height = sh, frames = 0
        func skipSubBlocks() -> Bool {
            while i < b.count {
                let n = Int(b[i])
                i += 1
                if n == 0 { return true }
                i += n
            }
            return false
        }
        scan: while i < b.count {
            switch b[i] {
            case 0x21:
                i += 2
                guard skipSubBlocks() else { break scan }
            case 0x2C:
                guard let left = le16(b, i + 1), let top = le16(b, i + 3), let w = le16(b, i + 5), let h = le16(b, i + 7),
                      i + 9 < b.count else { break scan }
                width = max(width, left + w)
                height = max(height, top + h)
                frames += 1
                let packed = b[i + 9]
                i += 10
                if packed & 0x80 != 0 { i += 3 << (Int(packed & 0x07) + 1) }
                i += 1 // LZW minimum code size
                guard skipSubBlocks() else { break scan }
            default:
                break scan
            }
        }
        // A decoder keeps the composed canvas for each frame of an animation.
        return ImageHeader(width: width, height: height, pixels: product(product(width, height), max(frames, 1)))
    }

    /// VP8 (lossy), VP8L (lossless) or VP8X (extended: the canvas size).
    private static func webp(_ b: [UInt8]) -> ImageHeader? {
        guard b.count >= 30 else { return nil }
        let chunk = String(decoding: b[12..<16], as: UTF8.self)
        let d = 20
        switch chunk {
        case "VP8 ":
            guard b[d + 3] == 0x9D, b[d + 4] == 0x01, b[d + 5] == 0x2A, let w = le16(b, d + 6), let h = le16(b, d + 8) else { return nil }
            return ImageHeader(width: w & 0x3FFF, height: h & 0x3FFF)
        case "VP8L":
            guard b[d] == 0x2F else { return nil }
            let bits = Int(b[d + 1]) | Int(b[d + 2]) << 8 | Int(b[d + 3]) << 16 | Int(b[d + 4]) << 24
            return ImageHeader(width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            guard let w = le24(b, d + 4), let h = le24(b, d + 7) else { return nil }
            return ImageHeader(width: w + 1, height: h + 1)
        default:
            return nil
        }
    }
}
