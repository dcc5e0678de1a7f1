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
        return try zip([("xl/worksheets/sheet1.xml", Data(sheet.utf8)), ("xl/sharedStrings.xml", Data(sst.utf8)), contentTypes])
    }

    static let contentTypes = ("[Content_Types].xml", Data(#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.utf8))

    /// A sheet part around raw row XML, for files a hostile sender writes by hand.
    static func sheet(_ rows: String) -> Data {
        Data((#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
            + rows + "</sheetData></worksheet>").utf8)
    }

    /// A ZIP of the given parts, deflated, in order.
    static func zip(_ parts: [(String, Data)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { pos, size in
                data.subdata(in: Int(pos)..<Int(pos) + size)
            }
        }
        return archive.data!
    }

    /// The same ZIP with the first entry's uncompressed size rewritten to `declared` in its local header and in the
    /// central directory, as a crafted archive lies about what it holds.
    static func lying(_ zip: Data, declared: UInt32) -> Data {
        var out = [UInt8](zip)
        func put(_ at: Int) { for i in 0..<4 { out[at + i] = UInt8((declared >> (8 * UInt32(i))) & 0xFF) } }
        put(22)  // local file header of the first entry
        if let central = (0..<(out.count - 4)).first(where: { out[$0] == 0x50 && out[$0 + 1] == 0x4B && out[$0 + 2] == 1 && out[$0 + 3] == 2 }) {
            put(central + 24)
        }
        return Data(out)
    }
}
