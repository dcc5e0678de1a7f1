import Domain
import Foundation
import Testing

@Suite struct ImageHeaderTests {
    /// A PNG that is only its signature and IHDR: what a decoder reads first.
    static func pngHeader(width: UInt32, height: UInt32) -> Data {
        var d = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        d.append(contentsOf: Array("IHDR".utf8))
        for v in [width, height] { d.append(contentsOf: [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]) }
        d.append(contentsOf: [8, 6, 0, 0, 0, 0, 0, 0, 0])
        return d
    }

    @Test func aPNGDeclaringFifteenThousandSquaredPixelsIsReadWithoutDecoding() {
        let h = ImageHeader.read(Self.pngHeader(width: 15000, height: 15000))
        #expect(h == ImageHeader(width: 15000, height: 15000))
        #expect(h?.pixels == 225_000_000)
        #expect(!ImageHeader.fits(Self.pngHeader(width: 15000, height: 15000), maxPixels: 50_000_000))
        #expect(ImageHeader.fits(Self.pngHeader(width: 4000, height: 3000), maxPixels: 50_000_000))
    }

    @Test func theLargestDeclarableSizeDoesNotOverflow() {
        let h = ImageHeader.read(Self.pngHeader(width: .max, height: .max))
        #expect(h?.pixels == Int.max)
        #expect(!ImageHeader.fits(Self.pngHeader(width: .max, height: .max), maxPixels: 50_000_000))
        #expect(!ImageHeader.fits(Self.pngHeader(width: 0, height: 10), maxPixels: 50_000_000))
    }

    @Test func aJPEGIsReadFromItsStartOfFrameAfterOtherSegments() {
        // SOI, an APP0 segment, then SOF2 (progressive) with height 3000 and width 4000.
        var d = Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10])
        d.append(Data(count: 14))
        d.append(contentsOf: [0xFF, 0xC2, 0x00, 0x11, 0x08, 0x0B, 0xB8, 0x0F, 0xA0, 0x03])
        #expect(ImageHeader.read(d) == ImageHeader(width: 4000, height: 3000))
        // Scan data before any frame header: no size.
        #expect(ImageHeader.read(Data([0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 1, 2, 3, 4, 5, 6])) == nil)
        // A segment length pointing past the end.
        #expect(ImageHeader.read(Data([0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 0x00])) == nil)
    }

    @Test func aGIFCountsEveryFrameAndFramesReachingPastTheScreen() {
        // A 10×10 screen, no colour table, then three frames of 1000×1000 at (0,0).
        var d = Data(Array("GIF89a".utf8))
        d.append(contentsOf: [10, 0, 10, 0, 0x00, 0, 0])
        for _ in 0..<3 {
            d.append(contentsOf: [0x21, 0xF9, 4, 0, 0, 0, 0, 0]) // graphic control extension
            d.append(contentsOf: [0x2C, 0, 0, 0, 0, 0xE8, 0x03, 0xE8, 0x03, 0x00, 2, 1, 0x44, 0])
        }
        d.append(0x3B)
        let h = ImageHeader.read(d)
        #expect(h?.width == 1000 && h?.height == 1000)
        #expect(h?.pixels == 3_000_000)
    }

    @Test func truncatedOrForeignBytesHaveNoSize() {
        #expect(ImageHeader.read(Data()) == nil)
        #expect(ImageHeader.read(Data("%PDF-1.4".utf8)) == nil)
        #expect(ImageHeader.read(Self.pngHeader(width: 1, height: 1).prefix(20)) == nil)
        #expect(ImageHeader.read(Data(Array("GIF89a".utf8))) == nil)
        #expect(ImageHeader.read(Data(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBP".utf8))) == nil)
    }

    @Test func randomBytesAfterEachSignatureNeverTrap() {
        var g = SystemRandomNumberGenerator()
        let signatures: [[UInt8]] = [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], [0xFF, 0xD8], Array("GIF89a".utf8),
                                     Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBP".utf8)]
        for _ in 0..<2000 {
            let sig = signatures.randomElement(using: &g)!
            let tail = (0..<Int.random(in: 0...64, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
            if let h = ImageHeader.read(Data(sig + tail)) { #expect(h.pixels >= 0) }
        }
    }
}
