import Domain
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads the first worksheet of an XLSX file (a ZIP of XML parts) into a table: shared strings, inline strings,
/// numbers and dates (Excel's day numbers) as text.
enum XLSXReader {
    static func isXLSX(_ data: Data) -> Bool { data.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    /// A reader of the archive's parts by path (nil when a part is absent).
    private static func parts(_ data: Data) throws -> (String) throws -> Data? {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw TableError.notATable }
        return { path in
            guard let entry = archive[path] else { return nil }
            var out = Data()
            _ = try archive.extract(entry, skipCRC32: false) { out.append($0) }
            return out
        }
    }

    /// Every row of the n-th worksheet as text, titles and blank lines included (what a reader of a spreadsheet sees).
    static func rows(_ data: Data, sheet: Int = 1) throws -> [[String]] {
        let part = try parts(data)
        guard let xml = try part("xl/worksheets/sheet\(sheet).xml") else { throw TableError.notATable }
        let shared = try part("xl/sharedStrings.xml").map(SharedStringsParser.parse) ?? []
        let dateStyles = try part("xl/styles.xml").map(StylesParser.dateStyleIndexes) ?? []
        return SheetParser.parse(xml, shared: shared, dateStyles: dateStyles)
    }

    static func read(_ data: Data) throws -> Table {
        let part = try parts(data)
        guard let sheet = try part("xl/worksheets/sheet1.xml") else { throw TableError.notATable }
        let shared = try part("xl/sharedStrings.xml").map(SharedStringsParser.parse) ?? []
        let dateStyles = try part("xl/styles.xml").map(StylesParser.dateStyleIndexes) ?? []
        let cells = SheetParser.parse(sheet, shared: shared, dateStyles: dateStyles)
        guard let header = cells.first, header.filter({ !$0.isEmpty }).count >= 2 else { throw TableError.notATable }
        let width = header.count
        let rows = cells.dropFirst().map { r in (0..<width).map { $0 < r.count ? r[$0] : "" } }
            .filter { !$0.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        return Table(headers: header.map { $0.trimmingCharacters(in: .whitespaces) }, rows: rows)
    }
}

private final class SharedStringsParser: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current = ""
    var inText = false

    static func parse(_ data: Data) -> [String] {
        let d = SharedStringsParser()
        let p = XMLParser(data: data)
        p.delegate = d
        p.parse()
        return d.strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "si" { current = "" }
        if name == "t" { inText = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "t" { inText = false }
        if name == "si" { strings.append(current) }
    }
}

/// Which cell styles are dates (so a day number shows as «01.09.2018»).
private final class StylesParser: NSObject, XMLParserDelegate {
    var dateFormats: Set<Int> = [14, 15, 16, 17, 22]
    var inXfs = false
    var xfs: [Int] = []

    static func dateStyleIndexes(_ data: Data) -> Set<Int> {
        let d = StylesParser()
        let p = XMLParser(data: data)
        p.delegate = d
        p.parse()
        return Set(d.xfs.enumerated().filter { d.dateFormats.contains($0.element) }.map(\.offset))
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "numFmt", let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"]?.lowercased(),
           code.contains("d") && code.contains("m") && code.contains("y") {
            dateFormats.insert(id)
        }
        if name == "cellXfs" { inXfs = true }
        if name == "xf", inXfs { xfs.append(attributes["numFmtId"].flatMap(Int.init) ?? 0) }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "cellXfs" { inXfs = false }
    }
}

private final class SheetParser: NSObject, XMLParserDelegate {
    let shared: [String]
    let dateStyles: Set<Int>
    var rows: [[String]] = []
    var row: [String] = []
    var column = 0
    var type = ""
    var style = 0
    var value = ""
    var inValue = false

    init(shared: [String], dateStyles: Set<Int>) {
        self.shared = shared
        self.dateStyles = dateStyles
    }

    static func parse(_ data: Data, shared: [String], dateStyles: Set<Int>) -> [[String]] {
        let d = SheetParser(shared: shared, dateStyles: dateStyles)
        let p = XMLParser(data: data)
        p.delegate = d
        p.parse()
        return d.rows
    }

    /// "C12" → 2 (zero-based column).
    static func columnIndex(_ ref: String) -> Int {
        var n = 0
        for c in ref.unicodeScalars where c.value >= 65 && c.value <= 90 { n = n * 26 + Int(c.value - 64) }
        return max(0, n - 1)
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "row": row = []
        case "c":
            column = attributes["r"].map(Self.columnIndex) ?? row.count
            type = attributes["t"] ?? ""
            style = attributes["s"].flatMap(Int.init) ?? 0
            value = ""
        case "v", "t": inValue = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inValue { value += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": inValue = false
        case "c":
            var text = value
            if type == "s", let i = Int(value), i < shared.count { text = shared[i] }
            else if type.isEmpty || type == "n", dateStyles.contains(style), let serial = Double(value) {
                // Excel's day 25569 is 1970-01-01.
                text = LocalDate(dayNumber: Int(serial) - 25569).russian
            } else if type.isEmpty || type == "n", let d = Double(value), d == d.rounded(), abs(d) < 1e15 {
                text = String(Int(d))
            }
            while row.count < column { row.append("") }
            row.append(text)
        case "row": rows.append(row)
        default: break
        }
    }
}
