@testable import App
import Foundation

/// Seeded mutations of a valid file, as a fuzzer makes them: flipped bits, bytes set to edge values, runs cut out,
/// copied or repeated, hostile tokens spliced in, the file cut short. The same seed gives the same files, so a
/// failure names the seed and the input number that reproduce it.
struct Mutator {
    private var random: SeededRandom   // the demo's SplitMix64

    init(seed: UInt64) { random = SeededRandom(seed: seed &+ 0x9E37_79B9_7F4A_7C15) }

    mutating func next() -> UInt64 { random.next() }

    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    /// Tokens that have broken parsers: overflowing numbers, NaN, far cell references, NUL, quotes, separators, BOMs,
    /// ZIP and image signatures.
    static let tokens: [[UInt8]] = [
        "1e300", "nan", "-inf", "99999999999999999999", "AAAAAAAAAAAAAAA2", "XFE1048577", "\u{0}", "\"", "\"\"\"", ";", "\r\n",
        "\u{FEFF}", "%n%s", "<c r=\"ZZZZ9\">", "]]>", "&#0;", "&lt;", "<!DOCTYPE a [<!ENTITY a \"aaaa\">]>", "29.02.2019", "31.13.2020",
    ].map { Array($0.utf8) } + [
        [0x50, 0x4B, 0x03, 0x04], [0x50, 0x4B, 0x01, 0x02], [0x50, 0x4B, 0x05, 0x06], [0xFF, 0xFF, 0xFF, 0xFF], [0x00, 0x00, 0x00, 0x00],
        [0x89, 0x50, 0x4E, 0x47], [0xFF, 0xD8, 0xFF, 0xC0], [0x7F, 0xFF, 0xFF, 0xFF], [0x80, 0x00, 0x00, 0x00],
    ]

    /// One mutant of `seed`: one to four mutations.
    mutating func mutate(_ seed: Data) -> Data {
        var b = [UInt8](seed)
        for _ in 0...below(4) {
            if b.isEmpty { b = Self.tokens[below(Self.tokens.count)]; continue }
            let at = below(b.count)
            switch below(9) {
            case 0: b[at] ^= UInt8(1 << below(8))
            case 1: b[at] = [0x00, 0xFF, 0x7F, 0x80, 0x20, 0x30, 0x3B, 0x22][below(8)]
            case 2: b.removeSubrange(at..<min(b.count, at + 1 + below(64)))
            case 3:
                let run = Array(b[at..<min(b.count, at + 1 + below(256))])
                b.insert(contentsOf: run, at: below(b.count))
            case 4:
                let run = Array(b[at..<min(b.count, at + 1 + below(32))])
                for _ in 0..<(1 + below(50)) { b.insert(contentsOf: run, at: at) }
            case 5: b.insert(contentsOf: Self.tokens[below(Self.tokens.count)], at: at)
            case 6: b = Array(b.prefix(at))
            case 7:
                // A 32-bit little-endian field (ZIP sizes and offsets) set to an edge value.
                let value: UInt32 = [0, 1, 0xFFFF_FFFF, 0x7FFF_FFFF, 0x0100_0000, UInt32(b.count)][below(6)]
                for i in 0..<4 where at + i < b.count { b[at + i] = UInt8((value >> (8 * UInt32(i))) & 0xFF) }
            default:
                // A big-endian pair (PNG and JPEG dimensions) set to an edge value.
                let value: UInt16 = [0, 1, 0xFFFF, 0x8000, 15000][below(5)]
                if at + 1 < b.count { b[at] = UInt8(value >> 8); b[at + 1] = UInt8(value & 0xFF) }
            }
        }
        return Data(b)
    }
}
