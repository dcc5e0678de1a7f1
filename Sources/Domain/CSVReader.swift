import Foundation

/// CSV as schools save it from Excel: UTF-8 (with or without BOM) or Windows-1251, «;» or «,» or tab, quoted fields.
public enum CSVReader {
    public static func decode(_ data: Data) throws -> String {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let s = String(data: bytes, encoding: .utf8) { return s }
        // Windows-1251 maps every byte to a character; reject binary files by their control bytes.
        if bytes.contains(where: { $0 < 0x09 || ($0 > 0x0D && $0 < 0x20) || $0 == 0x98 }) { throw TableError.unknownEncoding }
        guard let s = String(data: bytes, encoding: .windowsCP1251) else { throw TableError.unknownEncoding }
        return s
    }

    public static func read(_ data: Data) throws -> Table {
        let text = try decode(data)
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        guard let first = lines.first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { throw TableError.empty }
        let delimiter: Character = [";", "\t", ","].max { a, b in first.filter { $0 == a }.count < first.filter { $0 == b }.count }!
        let rows = parse(text, delimiter: delimiter).filter { !$0.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        guard let header = rows.first, header.count >= 2 else { throw TableError.notATable }
        return Table(headers: header.map { $0.trimmingCharacters(in: .whitespaces) },
                     rows: rows.dropFirst().map { r in (0..<header.count).map { $0 < r.count ? r[$0].trimmingCharacters(in: .whitespaces) : "" } })
    }

    /// RFC 4180 fields: quotes around a field, doubled quotes inside it, line breaks inside quotes.
    static func parse(_ text: String, delimiter: Character) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = text.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = chars.next() {
                        if n == "\"" { field.append("\"") } else { quoted = false; pending = n }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == delimiter {
                row.append(field); field = ""
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                row.append(field); field = ""
                rows.append(row); row = []
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
