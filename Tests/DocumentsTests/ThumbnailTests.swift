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
}
