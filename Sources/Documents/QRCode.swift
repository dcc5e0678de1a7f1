import CQRencode
import Foundation

/// A QR code's modules through libqrencode: `true` is a dark module. Error correction level M.
public struct QRMatrix: Sendable {
    public let size: Int
    public let dark: [Bool]

    public init?(_ text: String) {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        size = width
        dark = (0..<(width * width)).map { (code.pointee.data[$0] & 1) == 1 }
    }

    public func isDark(_ x: Int, _ y: Int) -> Bool { dark[y * size + x] }
}
