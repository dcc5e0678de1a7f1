/// Bytes as lowercase hexadecimal — hashes, tokens. A table lookup: `String(format: "%02x")` per byte costs
/// microseconds each on Linux, and the audit log writes 64 digits per event, a class's worth per page.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func string<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
