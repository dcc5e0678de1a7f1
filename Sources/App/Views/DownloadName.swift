import Foundation
import Vapor

/// A download's file name in `Content-Disposition`: the name as people read it (UTF-8, RFC 6266 / 5987 `filename*`)
/// and a transliterated ASCII fallback for old clients. One spelling for every download that names a person or a
/// class («Иванова Мария» → `Ivanova-Maria`).
enum DownloadName {
    /// The transliterated, ASCII-only form: letters, digits, «-», «_», «.»; `fallback` when nothing is left.
    static func ascii(_ name: String, fallback: String) -> String {
        let latin = name.applyingTransform(.toLatin, reverse: false)?.applyingTransform(.stripDiacritics, reverse: false) ?? ""
        let kept = latin.replacingOccurrences(of: " ", with: "-").filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        return kept.isEmpty ? fallback : kept
    }

    /// Sets `Content-Disposition` on `res` for a file called `name` (with its extension).
    static func set(_ res: Response, _ name: String, inline: Bool = false, fallback: String = "file") {
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? fallback
        res.headers.replaceOrAdd(name: .contentDisposition,
                                 value: "\(inline ? "inline" : "attachment"); filename=\"\(ascii(name, fallback: fallback))\"; filename*=UTF-8''\(encoded)")
    }
}
