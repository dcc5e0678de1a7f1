import CPangoCairo
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
        final class Sink { var data = Data() }
        let sink = Sink()
        let box = Unmanaged.passRetained(sink)
        defer { box.release() }
        let surface = cairo_pdf_surface_create_for_stream({ closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }, box.toOpaque(), width, height)
        let cr = cairo_create(surface)
        for slip in slips {
            var y = margin
            y += text(cr, "\(slip.school) · Копилка", at: y, font: "Liberation Serif 11") + 18
            y += text(cr, "Вход для родителя (законного представителя)", at: y, font: "Liberation Serif Bold 16") + 14
            y += text(cr, slip.parent, at: y, font: "Liberation Serif 14") + 6
            y += text(cr, "Ребёнок: \(slip.children)", at: y, font: "Liberation Serif 12") + 18
            y += text(cr, "Адрес: \(slip.address)", at: y, font: "Liberation Serif 13") + 8
            y += text(cr, "Логин: \(slip.login)", at: y, font: "Liberation Mono Bold 16") + 8
            y += text(cr, "Временный пароль: \(slip.password)", at: y, font: "Liberation Mono Bold 16") + 18
            _ = text(cr, "При первом входе придумайте свой пароль (не короче 8 символов). Никому не сообщайте пароль.",
                     at: y, font: "Liberation Serif 11")
            // A cutting line under the slip.
            cairo_set_dash(cr, [4, 4], 2, 0)
            cairo_move_to(cr, margin, y + 40)
            cairo_line_to(cr, width - margin, y + 40)
            cairo_set_line_width(cr, 0.5)
            cairo_stroke(cr)
            cairo_show_page(cr)
        }
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        cairo_surface_destroy(surface)
        return sink.data
    }

    /// Draws wrapped text at the left margin; returns its height.
    static func text(_ cr: OpaquePointer?, _ s: String, at y: Double, font: String) -> Double {
        guard let layout = pango_cairo_create_layout(cr) else { return 0 }
        let desc = pango_font_description_from_string(font)
        pango_layout_set_font_description(layout, desc)
        pango_font_description_free(desc)
        pango_layout_set_width(layout, Int32((width - 2 * margin) * 1024))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_text(layout, s, -1)
        cairo_move_to(cr, margin, y)
        pango_cairo_show_layout(cr, layout)
        var w: Int32 = 0, h: Int32 = 0
        pango_layout_get_pixel_size(layout, &w, &h)
        g_object_unref(UnsafeMutableRawPointer(layout))
        return Double(h)
    }
}
