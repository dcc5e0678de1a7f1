import CPangoCairo
import Domain
import Foundation

/// The справка (4.7) as an A4 PDF made in-process with Cairo and Pango: Liberation Serif (metrics of Times New
/// Roman, as Russian official papers use), selectable Cyrillic text, a table that breaks across pages with its
/// header repeated, lines for the head's signature and the seal, and a QR code with the verification link.
public enum SpravkaPDF {
    static let width = 595.0, height = 842.0
    static let left = 71.0, right = 42.0, top = 48.0, bottom = 56.0
    static var textWidth: Double { width - left - right }

    public static func render(_ s: Spravka) -> Data {
        PDFCanvas.document(width: width, height: height) { pdf in
            var y = top
            y += pdf.text(s.school.name, x: left, y: y, width: textWidth, font: "Liberation Serif Bold 12", align: .center) + 2
            y += pdf.text(s.school.address, x: left, y: y, width: textWidth, font: "Liberation Serif 10", align: .center) + 1
            let ids = [s.school.inn.isEmpty ? nil : "ИНН \(s.school.inn)", s.school.ogrn.isEmpty ? nil : "ОГРН \(s.school.ogrn)"]
                .compactMap { $0 }.joined(separator: ", ")
            if !ids.isEmpty { y += pdf.text(ids, x: left, y: y, width: textWidth, font: "Liberation Serif 10", align: .center) }
            y += 6
            pdf.line(x1: left, y1: y, x2: width - right, y2: y, width: 0.8)
            y += 18
            y += pdf.text("СПРАВКА № \(s.number)", x: left, y: y, width: textWidth, font: "Liberation Serif Bold 15", align: .center) + 2
            y += pdf.text("от \(RussianText.longDate(s.issuedOn))", x: left, y: y, width: textWidth, font: "Liberation Serif 12", align: .center) + 16
            for (label, value) in [("Фамилия, имя, отчество обучающегося", s.pupilName),
                                   ("Дата рождения", RussianText.longDate(s.birthDate)),
                                   ("Класс", "\(s.className), \(s.yearTitle) учебный год")] {
                y += pdf.text("\(label): <b>\(PDFCanvas.escape(value))</b>", x: left, y: y, width: textWidth, font: "Liberation Serif 12",
                              markup: true) + 3
            }
            y += 6
            let lead = "Дана в том, что обучающийся действительно обучается в \(s.className) классе \(s.school.shortName) "
                + "в \(s.yearTitle) учебном году. "
                + (s.verbalOnly
                   ? "Выписка из классного журнала: в 1 классе отметки не выставляются, приводятся словесные оценки."
                   : "Выписка из классного журнала: текущие отметки, отметки за учебные периоды и результаты промежуточной аттестации.")
            y += pdf.text(lead, x: left, y: y, width: textWidth, font: "Liberation Serif 12", justify: true) + 12

            // The table: columns and header.
            let headers: [String]
            let widths: [Double]
            if s.verbalOnly {
                headers = ["Учебный предмет", "Словесная оценка"]
                widths = [140, textWidth - 140]
            } else {
                let periodW = s.periods.isEmpty ? 0 : min(42, 210 / Double(s.periods.count))
                let subjectW = 112.0, attestationW = 64.0
                headers = ["Учебный предмет", "Текущие отметки"] + s.periods + ["Аттестация"]
                widths = [subjectW, textWidth - subjectW - attestationW - periodW * Double(s.periods.count)]
                    + Array(repeating: periodW, count: s.periods.count) + [attestationW]
            }
            let cellFont = "Liberation Serif 11", headFont = "Liberation Serif Bold 10"
            func drawHeader() {
                y += pdf.row(headers, widths: widths, x: left, y: y, font: headFont, center: true, shade: true)
            }
            drawHeader()
            let rows = s.rows.isEmpty ? [Spravka.Row(subject: "—", current: Spravka.noMarks, periods: s.periods.map { _ in Spravka.none },
                                                       attestation: Spravka.none)] : s.rows
            for r in rows {
                let cells = s.verbalOnly ? [r.subject, r.current] : [r.subject, r.current] + r.periods + [r.attestation]
                let h = pdf.rowHeight(cells, widths: widths, font: cellFont)
                if y + h > height - bottom - 20 {
                    pdf.footer(page: pdf.page, y: height - bottom + 24, x: left, width: textWidth)
                    pdf.newPage()
                    y = top
                    drawHeader()
                }
                y += pdf.row(cells, widths: widths, x: left, y: y, font: cellFont, center: false, shade: false, centerFrom: 2)
            }

            // Signature, seal and the QR code: kept together on one page.
            let block = 150.0
            if y + block > height - bottom {
                pdf.footer(page: pdf.page, y: height - bottom + 24, x: left, width: textWidth)
                pdf.newPage()
                y = top
            }
            y += 22
            y += pdf.text("Дата выдачи: \(s.issuedOn.russian)", x: left, y: y, width: textWidth, font: "Liberation Serif 12") + 26
            let sign = "\(s.signerTitle)  ____________________  / \(s.signerName) /"
            _ = pdf.text(sign, x: left, y: y, width: textWidth - 110, font: "Liberation Serif 12")
            y += 30
            _ = pdf.text("М. П.", x: left + 30, y: y, width: 80, font: "Liberation Serif 12")
            if let qr = QRMatrix(s.verificationURL) {
                let side = 84.0, qx = width - right - side, qy = y - 70
                pdf.qr(qr, x: qx, y: qy, side: side)
                _ = pdf.text("Проверка подлинности", x: qx - 20, y: qy + side + 3, width: side + 40, font: "Liberation Serif 8", align: .center)
                _ = pdf.text(s.verificationURL, x: left, y: qy + side + 14, width: textWidth, font: "Liberation Serif 8", align: .right)
            }
            pdf.footer(page: pdf.page, y: height - bottom + 24, x: left, width: textWidth)
        }
    }
}
