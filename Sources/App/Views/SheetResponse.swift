import Documents
import Domain
import Foundation
import Vapor

/// A spreadsheet as the answer to a request: XLSX through libxlsxwriter or CSV safe against formula injection, named
/// in Latin letters and in UTF-8 for the browser. Used by the exports, control and analytics pages.
enum SheetResponse {
    enum Format: String { case xlsx, csv, pdf }

    static func format(_ req: Request) throws -> Format {
        let f = req.query[String.self, at: "format"] ?? "xlsx"
        guard let format = Format(rawValue: f) else { throw Abort(.badRequest, reason: req.t("export.error.format")) }
        return format
    }

    /// The file in the chosen format, named in Latin letters and in UTF-8 for the browser.
    static func file(_ sheets: [Sheet], name: String, format: Format, req: Request) throws -> Response {
        let data: Data
        let type: HTTPMediaType
        switch format {
        case .xlsx:
            data = try XLSX.render(sheets, temporaryDirectory: req.application.kopilkaConfig.dataDirectory)
            type = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        case .csv:
            // One table per CSV: several sheets follow one another, each under its title.
            var rows: [[String]] = []
            for (i, s) in sheets.enumerated() {
                if i > 0 { rows.append([]) }
                rows.append([s.title])
                rows.append(s.columns.map(\.title))
                rows += s.rows.map { $0.map(csvText) }
            }
            data = CSVWriter.render(rows)
            type = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        case .pdf:
            // The paper form (clause 4.3 keeps extracurricular journals on paper): A4 landscape, headers on every page.
            data = SheetPDF.render(sheets)
            type = HTTPMediaType(type: "application", subType: "pdf")
        }
        let res = Response(status: .ok, body: .init(data: data))
        res.headers.contentType = type
        DownloadName.set(res, "\(name).\(format.rawValue)", fallback: "export.\(format.rawValue)")
        res.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return res
    }

    static func csvText(_ c: Sheet.Cell) -> String {
        switch c {
        case .text(let s): return s
        case .number(let v): return Shown.decimal(v)
        case .empty: return ""
        }
    }
}
