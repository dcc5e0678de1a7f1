import CPangoCairo
import Foundation

/// The picture of an Open Badge: a round medal with the award's kind, its title and the school, 400 × 400 px.
/// The signed credential is baked into it afterwards (an `iTXt` chunk), so the picture itself carries no data.
public enum BadgeImage {
    public static func png(kind: String, title: String, school: String, year: String) -> Data {
        PDFCanvas.image(width: 400, height: 400) { canvas, cr in
            // Ribbon, outer ring, inner disc.
            cairo_set_source_rgb(cr, 0.72, 0.16, 0.18)
            cairo_move_to(cr, 130, 300); cairo_line_to(cr, 100, 395); cairo_line_to(cr, 150, 375); cairo_line_to(cr, 175, 395); cairo_line_to(cr, 190, 320)
            cairo_close_path(cr); cairo_fill(cr)
            cairo_set_source_rgb(cr, 0.13, 0.32, 0.62)
            cairo_move_to(cr, 270, 300); cairo_line_to(cr, 300, 395); cairo_line_to(cr, 250, 375); cairo_line_to(cr, 225, 395); cairo_line_to(cr, 210, 320)
            cairo_close_path(cr); cairo_fill(cr)
            cairo_set_source_rgb(cr, 0.85, 0.65, 0.13)
            cairo_arc(cr, 200, 180, 170, 0, 2 * Double.pi); cairo_fill(cr)
            cairo_set_source_rgb(cr, 1.0, 0.97, 0.88)
            cairo_arc(cr, 200, 180, 150, 0, 2 * Double.pi); cairo_fill(cr)
            canvas.text(kind.uppercased(), x: 70, y: 70, width: 260, font: "Liberation Sans Bold 15", align: .center, gray: 0.2)
            canvas.text(title, x: 75, y: 120, width: 250, font: "Liberation Serif Bold 19", align: .center)
            canvas.text(school, x: 85, y: 250, width: 230, font: "Liberation Sans 10", align: .center, gray: 0.35)
            canvas.text(year, x: 85, y: 285, width: 230, font: "Liberation Sans Bold 12", align: .center, gray: 0.35)
        }
    }
}
