import Domain
import Foundation

/// The paper form of a sheet (a journal, a ведомость): A4 landscape, the title on every page, the header row repeated
/// on each page. A sheet wider than the page is cut into column bands: the first `keep` columns (№, the pupil's name)
/// are repeated in every band, the rest (the lessons' dates) follow in order.
public enum SheetPDF {
    public static func render(_ sheets: [Sheet], keep: Int = 2, subtitle: String = "") -> Data {
        let w = 842.0, h = 595.0, margin = 28.0
        let font = "Liberation Sans 7"
        return PDFCanvas.document(width: w, height: h) { c in
            var first = true
            for sheet in sheets {
                let widths = sheet.columns.map { max(18, $0.width * 5.2) }
                let kept = Array(widths.prefix(keep)), keptWidth = kept.reduce(0, +)
                // Column bands that fit the page beside the kept columns.
                var bands: [[Int]] = []
                var band: [Int] = [], used = keptWidth
                for i in keep..<max(keep, sheet.columns.count) {
                    if used + widths[i] > w - 2 * margin, !band.isEmpty { bands.append(band); band = []; used = keptWidth }
                    band.append(i); used += widths[i]
                }
                if !band.isEmpty || bands.isEmpty { bands.append(band) }
                for (b, cols) in bands.enumerated() {
                    if !first { c.newPage() }
                    first = false
                    let indices = Array(0..<min(keep, sheet.columns.count)) + cols
                    let title = sheet.title + (bands.count > 1 ? " · часть \(b + 1) из \(bands.count)" : "")
                    var y = margin
                    func header() {
                        c.text(title, x: margin, y: y, width: w - 2 * margin, font: "Liberation Sans Bold 10")
                        y += c.measure(title, width: w - 2 * margin, font: "Liberation Sans Bold 10") + 2
                        if !subtitle.isEmpty {
                            c.text(subtitle, x: margin, y: y, width: w - 2 * margin, font: "Liberation Sans 8")
                            y += c.measure(subtitle, width: w - 2 * margin, font: "Liberation Sans 8") + 4
                        }
                        y += c.row(indices.map { sheet.columns[$0].title }, widths: indices.map { widths[$0] }, x: margin, y: y,
                                   font: "Liberation Sans Bold 7", center: true, shade: true)
                    }
                    header()
                    for r in sheet.rows {
                        let cells = indices.map { i -> String in
                            guard i < r.count else { return "" }
                            switch r[i] {
                            case .text(let s): return s
                            case .number(let x): return Shown.decimal(x)
                            case .empty: return ""
                            }
                        }
                        let rh = c.rowHeight(cells, widths: indices.map { widths[$0] }, font: font)
                        if y + rh > h - margin - 14 {
                            c.footer(page: c.page, y: h - margin, x: margin, width: w - 2 * margin)
                            c.newPage()
                            y = margin
                            header()
                        }
                        y += c.row(cells, widths: indices.map { widths[$0] }, x: margin, y: y, font: font, center: false, shade: false,
                                   centerFrom: keep)
                    }
                    c.footer(page: c.page, y: h - margin, x: margin, width: w - 2 * margin)
                }
            }
        }
    }
}
