import Foundation

/// CSV as Russian Excel opens it: UTF-8 with a BOM, `;` between fields, CRLF lines. A cell that a spreadsheet
/// would run as a formula (starting with = + - @ or a tab/CR) is prefixed with an apostrophe (OWASP CSV injection).
public enum CSVWriter {
    public static func field(_ s: String) -> String {
        var v = s
        if let first = v.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { v = "'" + v }
        if v.contains(";") || v.contains("\"") || v.contains("\n") || v.contains("\r") {
            v = "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }

    public static func render(_ rows: [[String]]) -> Data {
        var out = Data([0xEF, 0xBB, 0xBF])
        for row in rows { out.append(Data((row.map(field).joined(separator: ";") + "\r\n").utf8)) }
        return out
    }
}
