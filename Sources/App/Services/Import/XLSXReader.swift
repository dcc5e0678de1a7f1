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

    /// What a school's spreadsheet holds at most: beyond this a file is refused with a message, never read on.
    struct Bounds: Sendable {
        var rows = 100_000
        var columns = 16_384
        var cells = 2_000_000
        var sharedStrings = 2_000_000
    }

    /// Every part read within the archive's limits; a refusal becomes a table error with its reason.
    private static func parts(_ data: Data) throws -> (String) throws -> Data? {
        var archive: BoundedArchive
        do { archive = try BoundedArchive(data: data, limits: .spreadsheet) } catch let r as BoundedArchive.Refusal {
            throw TableError.refused(r.message)
        }
        return { path in
            let data: Data?
            do { data = try archive.data(path) } catch let r as BoundedArchive.Refusal { throw TableError.refused(r.message) }
            if let data { try xmlText(data, part: path) }
            return data
        }
    }

    /// A part must be UTF-8 throughout before the XML parser sees it: Foundation's parser on Linux traps on an
    /// attribute that is not (found by `FuzzTests`), and Excel writes every part in UTF-8.
    static func xmlText(_ data: Data, part: String) throws {
        let valid = data.withUnsafeBytes { raw in
            String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self) != nil
        }
        guard valid else { throw TableError.refused("часть «\(Shown.name(part))» не в кодировке UTF-8") }
        // A declaration of another encoding would have the parser transcode the bytes: only UTF-8 is taken.
        let head = String(decoding: data.prefix(200), as: UTF8.self).lowercased()
        if let declaration = head.range(of: "encoding=") {
            let value = head[declaration.upperBound...].dropFirst().prefix(while: { $0 != "\"" && $0 != "'" })
            guard value == "utf-8" || value == "utf8" else {
                throw TableError.refused("часть «\(Shown.name(part))» объявлена в кодировке «\(Shown.name(String(value.prefix(20))))», а не UTF-8")
            }
        }
    }

    /// Every row of the n-th worksheet as text, titles and blank lines included (what a reader of a spreadsheet sees).
    static func rows(_ data: Data, sheet: Int = 1, bounds: Bounds = Bounds()) throws -> [[String]] {
        let part = try parts(data)
        guard let xml = try part("xl/worksheets/sheet\(sheet).xml") else { throw TableError.notATable }
        let shared = try part("xl/sharedStrings.xml").map { try SharedStringsParser.parse($0, bounds: bounds) } ?? []
        let dateStyles = try part("xl/styles.xml").map(StylesParser.dateStyleIndexes) ?? []
        return try SheetParser.parse(xml, shared: shared, dateStyles: dateStyles, bounds: bounds)
    }

    static func read(_ data: Data, bounds: Bounds = Bounds()) throws -> Table {
        let cells = try rows(data, sheet: 1, bounds: bounds)
        guard let header = cells.first, header.filter({ !$0.isEmpty }).count >= 2 else { throw TableError.notATable }
        let width = header.count
        let rows = cells.dropFirst().map { r in (0..<width).map { $0 < r.count ? r[$0] : "" } }
            .filter { !$0.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        return Table(headers: header.map { $0.trimmingCharacters(in: .whitespaces) }, rows: rows)
    }

    /// A cell reference's column: "C12" → 2 (zero-based); nil when it is not a reference on a sheet (more than three
    /// letters, past XFD, or letters after the digits).
    static func columnIndex(_ ref: String, columns: Int = 16_384) -> Int? {
        var n = 0
        var letters = 0, digits = 0
        for c in ref.unicodeScalars {
            if c.value >= 65 && c.value <= 90, digits == 0 {
                letters += 1
                guard letters <= 3 else { return nil }
                n = n * 26 + Int(c.value - 64)
            } else if c.value >= 48 && c.value <= 57 {
                digits += 1
                guard digits <= 7 else { return nil }
            } else {
                return nil
            }
        }
        guard letters > 0, digits > 0, n <= columns else { return nil }
        return n - 1
    }

    /// Excel's day number as a date, or nil when it is not one (NaN, infinity, out of years 1900–9999).
    static func date(serial: Double) -> LocalDate? {
        guard serial.isFinite, serial >= 1, serial < 2_958_466 else { return nil }
        // Excel's day 25569 is 1970-01-01.
        return LocalDate(dayNumber: Int(serial) - 25569)
    }
}

private final class SharedStringsParser: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current = ""
    var inText = false

    var limit = Int.max
    var overflow = false

    static func parse(_ data: Data, bounds: XLSXReader.Bounds) throws -> [String] {
        let d = SharedStringsParser()
        d.limit = bounds.sharedStrings
        let p = XMLParser(data: data)
        p.delegate = d
        p.parse()
        if d.overflow { throw TableError.tooLarge("больше \(bounds.sharedStrings) разных строк") }
        return d.strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "si" { current = "" }
        if name == "t" { inText = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "t" { inText = false }
        if name == "si" {
            strings.append(current)
            if strings.count > limit { overflow = true; parser.abortParsing() }
        }
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
    let bounds: XLSXReader.Bounds
    var rows: [[String]] = []
    var row: [String] = []
    var cells = 0
    var column = 0
    var type = ""
    var style = 0
    var value = ""
    var inValue = false
    var problem: TableError?

    init(shared: [String], dateStyles: Set<Int>, bounds: XLSXReader.Bounds) {
        self.shared = shared
        self.dateStyles = dateStyles
        self.bounds = bounds
    }

    static func parse(_ data: Data, shared: [String], dateStyles: Set<Int>, bounds: XLSXReader.Bounds) throws -> [[String]] {
        let d = SheetParser(shared: shared, dateStyles: dateStyles, bounds: bounds)
        let p = XMLParser(data: data)
        p.delegate = d
        p.parse()
        if let problem = d.problem { throw problem }
        return d.rows
    }

    private func stop(_ parser: XMLParser, _ problem: TableError) {
        if self.problem == nil { self.problem = problem }
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        guard problem == nil else { return }
        switch name {
        case "row": row = []
        case "c":
            if let ref = attributes["r"] {
                guard let c = XLSXReader.columnIndex(ref, columns: bounds.columns) else {
                    return stop(parser, .refused("ссылка на ячейку «\(Shown.name(String(ref.prefix(20))))» не указывает на ячейку листа (последний столбец — XFD)"))
                }
                column = c
            } else {
                column = row.count
            }
            type = attributes["t"] ?? ""
            style = attributes["s"].flatMap(Int.init) ?? 0
            value = ""
        case "v", "t": inValue = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inValue, problem == nil { value += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        guard problem == nil else { return }
        switch name {
        case "v", "t": inValue = false
        case "c":
            var text = value
            if type == "s" {
                if let i = Int(value), i >= 0, i < shared.count { text = shared[i] }
            } else if type.isEmpty || type == "n", let number = Double(value) {
                if dateStyles.contains(style), let date = XLSXReader.date(serial: number) {
                    text = date.russian
                } else if number.isFinite, number == number.rounded(), abs(number) < 1e15 {
                    text = String(Int(number))
                }
            }
            // Blank cells up to this one are held as "": a row reaching far right counts as that many cells.
            cells += max(0, column - row.count) + 1
            guard cells <= bounds.cells else { return stop(parser, .tooLarge("больше \(bounds.cells) ячеек")) }
            while row.count < column { row.append("") }
            row.append(text)
        case "row":
            rows.append(row)
            guard rows.count <= bounds.rows else { return stop(parser, .tooLarge("больше \(bounds.rows) строк")) }
        default: break
        }
    }
}
