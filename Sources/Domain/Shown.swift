import Foundation

/// Outside text and sizes as a message shows them: one way everywhere.
public enum Shown {
    /// A name from outside (a file, a form field, a path inside an archive) as a message shows it: control characters
    /// dropped and cut to `limit` characters with «…» — a crafted name may be anything.
    public static func name(_ text: String, limit: Int = 80) -> String {
        let clean = String(text.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.map(Character.init))
        return clean.count > limit ? String(clean.prefix(limit - 1)) + "…" : clean
    }

    /// A size with its unit: «300 КБ», «1,5 МБ», «12 МБ», «2 ГБ» (Russian), "1.5 MB" (English): one decimal below
    /// 10 units where it says something, none above; never «0».
    /// Any integer, however large (a crafted archive declares sizes up to 2^64 − 1): no conversion that can trap.
    public static func size<T: BinaryInteger>(_ bytes: T, language: String = "ru") -> String {
        let ru = language == "ru"
        let units = ru ? ["КБ", "МБ", "ГБ", "ТБ", "ПБ", "ЭБ"] : ["KB", "MB", "GB", "TB", "PB", "EB"]
        var value = max(Double(bytes), 1) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        let rounded = (value * 10).rounded() / 10
        var text = rounded >= 10 || rounded == rounded.rounded() ? String(Int(max(1, value.rounded()))) : String(format: "%.1f", rounded)
        if ru { text = text.replacingOccurrences(of: ".", with: ",") }
        return text + " " + units[unit]
    }

    /// A number as Russian text writes it: a whole one without decimals («12»), otherwise with a decimal comma and
    /// `places` digits («4,67»), or — `trimmed` — without trailing zeros («12,5»).
    public static func decimal(_ x: Double, places: Int = 2, trimmed: Bool = false) -> String {
        guard x.isFinite else { return "—" }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
        var text = String(format: "%.\(places)f", x)
        if trimmed { while text.hasSuffix("0") { text.removeLast() }; if text.hasSuffix(".") { text.removeLast() } }
        return text.replacingOccurrences(of: ".", with: ",")
    }
}
