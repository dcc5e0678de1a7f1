import CXlsxWriter
import Foundation

/// A worksheet as plain values: a title line, a header row (frozen with the first column), typed cells.
public struct Sheet: Sendable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
        case empty
    }

    public struct Column: Sendable {
        public var title: String
        public var width: Double
        /// Excel number format for numeric cells («0», «0.00»).
        public var format: String?
        public init(_ title: String, width: Double = 12, format: String? = nil) {
            self.title = title; self.width = width; self.format = format
        }
    }

    public var name: String
    public var title: String
    public var columns: [Column]
    public var rows: [[Cell]]

    public init(name: String, title: String, columns: [Column], rows: [[Cell]]) {
        self.name = name; self.title = title; self.columns = columns; self.rows = rows
    }

    /// Excel's rules for sheet names: at most 31 characters, none of []:*?/\ .
    public static func safeName(_ s: String) -> String {
        let cleaned = s.map { "[]:*?/\\".contains($0) ? "-" : $0 }
        return String(String(cleaned).prefix(31))
    }
}

/// XLSX through libxlsxwriter in constant-memory mode: rows go to disk as they are written, so a large export
/// keeps memory flat. The workbook is written to a temporary file and read back.
public enum XLSX {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func render(_ sheets: [Sheet], temporaryDirectory: String = NSTemporaryDirectory()) throws -> Data {
        let path = (temporaryDirectory as NSString).appendingPathComponent("kopilka-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = lxw_workbook_options()
        options.constant_memory = 1
        let tmp = strdup(temporaryDirectory)
        defer { free(tmp) }
        options.tmpdir = tmp
        guard let wb = workbook_new_opt(path, &options) else { throw Failure(description: "не удалось создать книгу XLSX") }
        let title = workbook_add_format(wb)
        format_set_bold(title); format_set_font_size(title, 13)
        let header = workbook_add_format(wb)
        format_set_bold(header); format_set_text_wrap(header); format_set_border(header, UInt8(LXW_BORDER_THIN.rawValue))
        format_set_bg_color(header, 0xE8ECF1); format_set_align(header, UInt8(LXW_ALIGN_CENTER.rawValue))
        format_set_align(header, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
        let text = workbook_add_format(wb)
        format_set_border(text, UInt8(LXW_BORDER_THIN.rawValue))
        var numberFormats: [String: UnsafeMutablePointer<lxw_format>] = [:]
        func numberFormat(_ f: String) -> UnsafeMutablePointer<lxw_format>? {
            if let existing = numberFormats[f] { return existing }
            guard let made = workbook_add_format(wb) else { return nil }
            format_set_num_format(made, f); format_set_border(made, UInt8(LXW_BORDER_THIN.rawValue))
            format_set_align(made, UInt8(LXW_ALIGN_CENTER.rawValue))
            numberFormats[f] = made
            return made
        }
        var used = Set<String>()
        for sheet in sheets {
            var name = Sheet.safeName(sheet.name)
            var n = 2
            while used.contains(name) { name = Sheet.safeName(String(sheet.name.prefix(27)) + " (\(n))"); n += 1 }
            used.insert(name)
            guard let ws = workbook_add_worksheet(wb, name) else { throw Failure(description: "не удалось добавить лист «\(name)»") }
            for (i, c) in sheet.columns.enumerated() { worksheet_set_column(ws, lxw_col_t(i), lxw_col_t(i), c.width, nil) }
            worksheet_write_string(ws, 0, 0, sheet.title, title)
            for (i, c) in sheet.columns.enumerated() { worksheet_write_string(ws, 2, lxw_col_t(i), c.title, header) }
            worksheet_set_row(ws, 2, 30, nil)
            for (r, row) in sheet.rows.enumerated() {
                let rowIndex = lxw_row_t(r + 3)
                for (i, cell) in row.enumerated() {
                    let col = lxw_col_t(i)
                    switch cell {
                    case .text(let s): worksheet_write_string(ws, rowIndex, col, s, text)
                    case .number(let v):
                        let f = i < sheet.columns.count ? sheet.columns[i].format.flatMap(numberFormat) : nil
                        worksheet_write_number(ws, rowIndex, col, v, f ?? numberFormat("General"))
                    case .empty: worksheet_write_blank(ws, rowIndex, col, text)
                    }
                }
            }
            // The header row and the first column (names) stay in view while scrolling.
            worksheet_freeze_panes(ws, 3, 1)
        }
        let result = workbook_close(wb)
        guard result == LXW_NO_ERROR else {
            throw Failure(description: "ошибка записи XLSX: \(String(cString: lxw_strerror(result)))")
        }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }
}
