import Documents
import Foundation
import Testing

@Suite struct ThumbnailTests {
    /// A photo-sized picture: a gradient, so scaling has something to average.
    func picture(width: Int, height: Int) -> Data {
        var rows = Data()
        for y in 0..<height {
            rows.append(0)
            for x in 0..<width { rows.append(contentsOf: [UInt8(x % 256), UInt8(y % 256), 128]) }
        }
        return PNGWriter.rgb(width: width, height: height, rows: rows)
    }

    @Test func aLargePictureBecomesASmallJPEGKeepingItsProportions() throws {
        let png = picture(width: 900, height: 600)
        #expect(Thumbnail.dimensions(png)! == (900, 600))
        let thumb = try #require(Thumbnail.jpeg(png, maxSide: 240))
        #expect(Array(thumb.prefix(3)) == [0xFF, 0xD8, 0xFF])
        let size = try #require(Thumbnail.dimensions(thumb))
        #expect(size == (240, 160))
        #expect(thumb.count < png.count / 20)
    }

    @Test func aSmallPictureIsNotEnlarged() throws {
        let thumb = try #require(Thumbnail.jpeg(picture(width: 40, height: 30), maxSide: 240))
        #expect(Thumbnail.dimensions(thumb)! == (40, 30))
    }

    @Test func whatIsNotAnImageGivesNoThumbnail() {
        #expect(Thumbnail.jpeg(Data("%PDF-1.4 not a picture".utf8)) == nil)
        #expect(Thumbnail.jpeg(Data()) == nil)
        #expect(Thumbnail.jpeg(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0])) == nil)
    }

    /// The camera's orientation tag (EXIF, «rotate 90° clockwise to show»), put right after the JPEG's start.
    func rotatedQuarterTurn(_ jpeg: Data) -> Data {
        var exif: [UInt8] = [0xFF, 0xE1, 0x00, 36]
        exif += Array("Exif".utf8) + [0, 0]
        exif += [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8]
        exif += [0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0]
        return Data(jpeg.prefix(2)) + Data(exif) + Data(jpeg.dropFirst(2))
    }

    @Test func aPhotoIsDecodedSmallAndStillTurnedUpright() throws {
        let photo = try #require(Thumbnail.jpeg(picture(width: 1800, height: 1200), maxSide: 4000))
        #expect(Thumbnail.dimensions(photo)! == (1800, 1200))
        let thumb = try #require(Thumbnail.jpeg(rotatedQuarterTurn(photo), maxSide: 240))
        #expect(Thumbnail.dimensions(thumb)! == (160, 240))
    }

    @Test func anImageDeclaringTooManyPixelsIsNeverDecoded() throws {
        // A real 300×200 PNG whose header is rewritten to claim 15000×15000: the decoder would allocate 900 MB.
        var png = picture(width: 300, height: 200)
        for (offset, value) in [(16, UInt32(15000)), (20, UInt32(15000))] {
            png.replaceSubrange(offset..<offset + 4, with: [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)])
        }
        #expect(Thumbnail.jpeg(png) == nil)
        #expect(Thumbnail.dimensions(png) == nil)
        // Under a limit that admits it, the same bytes reach the decoder (which refuses the broken checksum).
        #expect(Thumbnail.jpeg(picture(width: 300, height: 200), maxPixels: 60_000) != nil)
        #expect(Thumbnail.jpeg(picture(width: 300, height: 200), maxPixels: 59_999) == nil)
    }
}
