import CPangoCairo
import Foundation

/// A thin drawing surface over Cairo's PDF backend and Pango layouts: text that wraps, table rows with borders,
/// lines, QR modules. Coordinates in points from the top-left corner of the page.
public final class PDFCanvas {
    public enum Align { case left, center, right }

    let cr: OpaquePointer?
    let width: Double, height: Double
    public private(set) var page = 1

    init(cr: OpaquePointer?, width: Double, height: Double) {
        self.cr = cr; self.width = width; self.height = height
    }

    /// Makes a PDF document in memory: `draw` paints onto pages; the bytes come back.
    public static func document(width: Double, height: Double, _ draw: (PDFCanvas) -> Void) -> Data {
        final class Sink { var data = Data() }
        let sink = Sink()
        let box = Unmanaged.passRetained(sink)
        defer { box.release() }
        let surface = cairo_pdf_surface_create_for_stream({ closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }, box.toOpaque(), width, height)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Kopilka")
        let cr = cairo_create(surface)
        let canvas = PDFCanvas(cr: cr, width: width, height: height)
        draw(canvas)
        cairo_show_page(cr)
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        cairo_surface_destroy(surface)
        return sink.data
    }

    /// Makes a PNG image in memory (ARGB, transparent background) with the same drawing calls.
    public static func image(width: Int, height: Int, _ draw: (PDFCanvas, OpaquePointer?) -> Void) -> Data {
        final class Sink { var data = Data() }
        let sink = Sink()
        let box = Unmanaged.passRetained(sink)
        defer { box.release() }
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))
        let cr = cairo_create(surface)
        draw(PDFCanvas(cr: cr, width: Double(width), height: Double(height)), cr)
        cairo_destroy(cr)
        cairo_surface_write_to_png_stream(surface, { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }, box.toOpaque())
        cairo_surface_destroy(surface)
        return sink.data
    }

    public func newPage() {
        cairo_show_page(cr)
        page += 1
    }

    public static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    private func layout(_ s: String, width: Double, font: String, align: Align, markup: Bool, justify: Bool) -> OpaquePointer? {
        guard let layout = pango_cairo_create_layout(cr) else { return nil }
        // Points are points: Pango's default 96 dpi would draw «12 pt» a third larger than a printed 12 pt.
        pango_cairo_context_set_resolution(pango_layout_get_context(layout), 72)
        pango_layout_context_changed(layout)
        let desc = pango_font_description_from_string(font)
        pango_layout_set_font_description(layout, desc)
        pango_font_description_free(desc)
        pango_layout_set_width(layout, Int32(width * 1024))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_alignment(layout, align == .center ? PANGO_ALIGN_CENTER : align == .right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT)
        if justify { pango_layout_set_justify(layout, 1) }
        if markup { pango_layout_set_markup(layout, s, -1) } else { pango_layout_set_text(layout, s, -1) }
        return layout
    }

    /// Height of wrapped text without drawing it.
    public func measure(_ s: String, width: Double, font: String) -> Double {
        guard let l = layout(s, width: width, font: font, align: .left, markup: false, justify: false) else { return 0 }
        defer { g_object_unref(UnsafeMutableRawPointer(l)) }
        var w: Int32 = 0, h: Int32 = 0
        pango_layout_get_pixel_size(l, &w, &h)
        return Double(h)
    }

    /// Draws wrapped text; returns its height.
    @discardableResult
    public func text(_ s: String, x: Double, y: Double, width: Double, font: String, align: Align = .left,
                     markup: Bool = false, justify: Bool = false, gray: Double = 0) -> Double {
        guard let l = layout(s, width: width, font: font, align: align, markup: markup, justify: justify) else { return 0 }
        defer { g_object_unref(UnsafeMutableRawPointer(l)) }
        cairo_set_source_rgb(cr, gray, gray, gray)
        cairo_move_to(cr, x, y)
        pango_cairo_show_layout(cr, l)
        var w: Int32 = 0, h: Int32 = 0
        pango_layout_get_pixel_size(l, &w, &h)
        cairo_set_source_rgb(cr, 0, 0, 0)
        return Double(h)
    }

    public func line(x1: Double, y1: Double, x2: Double, y2: Double, width: Double = 0.5, dashed: Bool = false) {
        cairo_set_line_width(cr, width)
        if dashed { cairo_set_dash(cr, [4, 4], 2, 0) }
        cairo_move_to(cr, x1, y1)
        cairo_line_to(cr, x2, y2)
        cairo_stroke(cr)
        if dashed { cairo_set_dash(cr, nil, 0, 0) }
    }

    public func rect(x: Double, y: Double, w: Double, h: Double, fill: (Double, Double, Double)? = nil, stroke: Bool = true) {
        cairo_rectangle(cr, x, y, w, h)
        if let fill {
            cairo_set_source_rgb(cr, fill.0, fill.1, fill.2)
            stroke ? cairo_fill_preserve(cr) : cairo_fill(cr)
            cairo_set_source_rgb(cr, 0, 0, 0)
        }
        if stroke {
            cairo_set_line_width(cr, 0.5)
            cairo_stroke(cr)
        }
    }

    static let padding = 3.0

    public func rowHeight(_ cells: [String], widths: [Double], font: String) -> Double {
        zip(cells, widths).map { measure($0, width: $1 - 2 * Self.padding, font: font) }.max().map { $0 + 2 * Self.padding } ?? 0
    }

    /// One table row with borders; cells from `centerFrom` on are centred. Returns the row's height.
    @discardableResult
    public func row(_ cells: [String], widths: [Double], x: Double, y: Double, font: String, center: Bool, shade: Bool,
                    centerFrom: Int = Int.max) -> Double {
        let h = rowHeight(cells, widths: widths, font: font)
        var cx = x
        for (i, (cell, w)) in zip(cells, widths).enumerated() {
            rect(x: cx, y: y, w: w, h: h, fill: shade ? (0.93, 0.93, 0.93) : nil)
            text(cell, x: cx + Self.padding, y: y + Self.padding, width: w - 2 * Self.padding, font: font,
                 align: center || i >= centerFrom ? .center : .left)
            cx += w
        }
        return h
    }

    /// QR modules as filled squares, with the quiet zone left white around them.
    public func qr(_ m: QRMatrix, x: Double, y: Double, side: Double) {
        let module = side / Double(m.size + 8)
        cairo_set_source_rgb(cr, 0, 0, 0)
        for j in 0..<m.size {
            for i in 0..<m.size where m.isDark(i, j) {
                cairo_rectangle(cr, x + Double(i + 4) * module, y + Double(j + 4) * module, module, module)
            }
        }
        cairo_fill(cr)
    }

    public func footer(page: Int, y: Double, x: Double, width: Double) {
        text("Страница \(page)", x: x, y: y, width: width, font: "Liberation Serif 8", align: .right, gray: 0.35)
    }
}
