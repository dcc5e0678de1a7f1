import Foundation

/// One parent's sign-in slip.
public struct Slip: Sendable, Equatable, Codable {
    public let school, parent, children, login, password, address: String

    public init(school: String, parent: String, children: String, login: String, password: String, address: String) {
        self.school = school
        self.parent = parent
        self.children = children
        self.login = login
        self.password = password
        self.address = address
    }
}

/// Sign-in slips as a PDF made in-process with Cairo and Pango (Liberation Serif reads like Russian official
/// papers and embeds as a subset): one A4 page per person, to print and hand out at a parents' meeting.
public enum SlipsPDF {
    static let width = 595.0, height = 842.0, margin = 56.0

    public static func render(_ slips: [Slip]) -> Data {
        // Sizes as they were drawn before PDFCanvas counted points at 72 dpi (×4/3): the printed slips stay the same.
        PDFCanvas.document(width: width, height: height) { pdf in
            let w = width - 2 * margin
            for (i, slip) in slips.enumerated() {
                if i > 0 { pdf.newPage() }
                var y = margin
                y += pdf.text("\(slip.school) · Копилка", x: margin, y: y, width: w, font: "Liberation Serif 14.7") + 18
                y += pdf.text("Вход для родителя (законного представителя)", x: margin, y: y, width: w, font: "Liberation Serif Bold 21.3") + 14
                y += pdf.text(slip.parent, x: margin, y: y, width: w, font: "Liberation Serif 18.7") + 6
                y += pdf.text("Ребёнок: \(slip.children)", x: margin, y: y, width: w, font: "Liberation Serif 16") + 18
                y += pdf.text("Адрес: \(slip.address)", x: margin, y: y, width: w, font: "Liberation Serif 17.3") + 8
                y += pdf.text("Логин: \(slip.login)", x: margin, y: y, width: w, font: "Liberation Mono Bold 21.3") + 8
                y += pdf.text("Временный пароль: \(slip.password)", x: margin, y: y, width: w, font: "Liberation Mono Bold 21.3") + 18
                pdf.text("При первом входе придумайте свой пароль (не короче 8 символов). Никому не сообщайте пароль.",
                         x: margin, y: y, width: w, font: "Liberation Serif 14.7")
                // A cutting line under the slip.
                pdf.line(x1: margin, y1: y + 40, x2: width - margin, y2: y + 40, width: 0.5, dashed: true)
            }
        }
    }
}
