import CPangoCairo
import Domain
import Foundation

/// The portfolio as an A4 PDF: the pupil, each section's records with the list of their evidence, awards, works,
/// then the dynamics charts drawn from the same geometry as the web page.
public enum PortfolioPDF {
    static let width = 595.0, height = 842.0, left = 56.0, right = 42.0, top = 48.0, bottom = 56.0
    static var textWidth: Double { width - left - right }

    public static func render(_ p: PortfolioDocument) -> Data {
        PDFCanvas.document(width: width, height: height) { pdf in
            var y = top
            func ensure(_ h: Double) {
                if y + h > height - bottom {
                    pdf.footer(page: pdf.page, y: height - bottom + 24, x: left, width: textWidth)
                    pdf.newPage()
                    y = top
                }
            }
            y += pdf.text(p.school, x: left, y: y, width: textWidth, font: "Liberation Serif 10", align: .center, gray: 0.3) + 10
            y += pdf.text("Портфолио обучающегося", x: left, y: y, width: textWidth, font: "Liberation Serif Bold 18", align: .center) + 6
            y += pdf.text("<b>\(PDFCanvas.escape(p.pupilName))</b>, \(PDFCanvas.escape(p.className)) · дата рождения \(RussianText.longDate(p.birthDate))",
                          x: left, y: y, width: textWidth, font: "Liberation Serif 12", align: .center, markup: true) + 16
            for section in p.sections {
                ensure(60)
                y += pdf.text(section.title, x: left, y: y, width: textWidth, font: "Liberation Serif Bold 14") + 6
                if section.items.isEmpty {
                    y += pdf.text("Записей нет.", x: left + 12, y: y, width: textWidth - 12, font: "Liberation Serif Italic 11", gray: 0.35) + 8
                }
                for item in section.items {
                    let body = "<b>\(PDFCanvas.escape(item.title))</b>\n\(PDFCanvas.escape(item.detail))"
                        + (item.evidence.isEmpty ? "" : "\n<i>Подтверждающие документы: \(PDFCanvas.escape(item.evidence.joined(separator: ", ")))</i>")
                    let h = pdf.measure(body.replacingOccurrences(of: "<b>", with: "").replacingOccurrences(of: "</b>", with: ""),
                                        width: textWidth - 14, font: "Liberation Serif 11")
                    ensure(h + 6)
                    pdf.text("•", x: left + 2, y: y, width: 10, font: "Liberation Serif 11")
                    y += pdf.text(body, x: left + 14, y: y, width: textWidth - 14, font: "Liberation Serif 11", markup: true) + 6
                }
                y += 8
            }
            if !p.charts.isEmpty {
                ensure(80)
                y += pdf.text("Динамика результатов", x: left, y: y, width: textWidth, font: "Liberation Serif Bold 14") + 8
                for (title, chart) in p.charts {
                    let scale = textWidth * 0.8 / chart.width
                    let h = chart.height * scale
                    ensure(h + 40)
                    y += pdf.text(title, x: left, y: y, width: textWidth, font: "Liberation Serif Bold 11") + 2
                    y += pdf.text(chart.summary, x: left, y: y, width: textWidth, font: "Liberation Serif 10", gray: 0.3) + 4
                    pdf.chart(chart, x: left, y: y, scale: scale)
                    y += h + 12
                }
            }
            pdf.text("Распечатано \(RussianText.longDate(p.printedOn)).", x: left, y: height - bottom + 8, width: textWidth,
                     font: "Liberation Serif 9", gray: 0.35)
            pdf.footer(page: pdf.page, y: height - bottom + 24, x: left, width: textWidth)
        }
    }
}

extension PDFCanvas {
    static func rgb(_ tone: Chart.Tone) -> (Double, Double, Double) {
        switch tone {
        case .ink: return (0.12, 0.16, 0.2)
        case .muted: return (0.37, 0.42, 0.48)
        case .accent: return (0.12, 0.37, 0.65)
        case .warn: return (0.7, 0.15, 0.12)
        case .good: return (0.18, 0.49, 0.29)
        case .grid: return (0.85, 0.87, 0.89)
        case .levelLow: return (0.99, 0.89, 0.88)
        case .levelBasic: return (0.93, 0.95, 0.96)
        case .levelAdvanced: return (0.86, 0.91, 0.97)
        case .levelHigh: return (0.84, 0.94, 0.87)
        }
    }

    /// Draws a chart's shapes (the geometry the web page draws as SVG) at (x, y), scaled.
    public func chart(_ c: Chart, x: Double, y: Double, scale: Double) {
        func px(_ v: Double) -> Double { x + v * scale }
        func py(_ v: Double) -> Double { y + v * scale }
        func color(_ t: Chart.Tone) { let (r, g, b) = Self.rgb(t); cairo_set_source_rgb(cr, r, g, b) }
        for s in c.shapes {
            switch s {
            case .line(let x1, let y1, let x2, let y2, let tone, let w, let dashed):
                color(tone)
                cairo_set_line_width(cr, w * scale)
                if dashed { cairo_set_dash(cr, [3, 3], 2, 0) } else { cairo_set_dash(cr, nil, 0, 0) }
                cairo_move_to(cr, px(x1), py(y1)); cairo_line_to(cr, px(x2), py(y2)); cairo_stroke(cr)
                cairo_set_dash(cr, nil, 0, 0)
            case .polyline(let pts, let tone, let w):
                guard let first = pts.first else { continue }
                color(tone)
                cairo_set_line_width(cr, w * scale)
                cairo_move_to(cr, px(first.x), py(first.y))
                for p in pts.dropFirst() { cairo_line_to(cr, px(p.x), py(p.y)) }
                cairo_stroke(cr)
            case .dot(let cx, let cy, let r, let tone):
                color(tone)
                cairo_arc(cr, px(cx), py(cy), r * scale, 0, 2 * Double.pi); cairo_fill(cr)
            case .rect(let rx, let ry, let w, let h, let tone):
                color(tone)
                cairo_rectangle(cr, px(rx), py(ry), w * scale, h * scale); cairo_fill(cr)
            case .text(let tx, let ty, let string, let anchor, let size, let tone):
                let (r, _, _) = Self.rgb(tone)
                let w = 200.0
                let start = anchor == .start ? px(tx) : anchor == .middle ? px(tx) - w / 2 : px(tx) - w
                text(string, x: start, y: py(ty) - size * scale, width: w, font: "Liberation Sans \(String(format: "%.1f", size * scale))",
                     align: anchor == .start ? .left : anchor == .middle ? .center : .right, gray: r)
            }
        }
        cairo_set_source_rgb(cr, 0, 0, 0)
    }
}
