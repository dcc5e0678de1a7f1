import Foundation
import ZIPFoundation

/// A minimal XLSX (one sheet, shared strings) as Excel writes it, for the import tests.
enum XLSXWriter {
    static func make(_ rows: [[String]]) throws -> Data {
        var shared: [String] = []
        var index: [String: Int] = [:]
        func ref(_ s: String) -> Int {
            if let i = index[s] { return i }
            shared.append(s); index[s] = shared.count - 1
            return shared.count - 1
        }
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        func col(_ i: Int) -> String { i < 26 ? String(UnicodeScalar(65 + i)!) : "A" + String(UnicodeScalar(65 + i - 26)!) }
        var sheet = #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        for (r, row) in rows.enumerated() {
            sheet += "<row r=\"\(r + 1)\">"
            for (c, value) in row.enumerated() where !value.isEmpty {
                sheet += "<c r=\"\(col(c))\(r + 1)\" t=\"s\"><v>\(ref(value))</v></c>"
            }
            sheet += "</row>"
        }
        sheet += "</sheetData></worksheet>"
        var sst = #"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        for s in shared { sst += "<si><t>\(esc(s))</t></si>" }
        sst += "</sst>"
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in [("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", sst),
                             ("[Content_Types].xml", #"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#)] {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { pos, size in
                data.subdata(in: Int(pos)..<Int(pos) + size)
            }
        }
        return archive.data!
    }
}
