import Foundation

/// Inline SVG: no script, no external request; the picture carries its summary as its accessible name.
public enum SVG {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func color(_ t: Chart.Tone) -> String {
        switch t {
        case .ink: return "#1f2933"
        case .muted: return "#5f6b7a"
        case .accent: return "#1f5fa6"
        case .warn: return "#b3261e"
        case .good: return "#2f7d4a"
        case .grid: return "#d8dde3"
        case .levelLow: return "#fde2e0"
        case .levelBasic: return "#eef1f4"
        case .levelAdvanced: return "#dce9f7"
        case .levelHigh: return "#d6f0de"
        }
    }

    static func n(_ v: Double) -> String { String(format: "%.1f", v) }

    public static func render(_ c: Chart) -> String {
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(c.width)) \(n(c.height))\" class=\"chart\" role=\"img\" "
            + "aria-label=\"\(escape(c.summary))\" preserveAspectRatio=\"xMinYMin meet\">"
        for s in c.shapes {
            switch s {
            case .line(let x1, let y1, let x2, let y2, let tone, let w, let dashed):
                out += "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(color(tone))\" stroke-width=\"\(n(w))\""
                    + (dashed ? " stroke-dasharray=\"4 4\"" : "") + "/>"
            case .polyline(let pts, let tone, let w):
                out += "<polyline fill=\"none\" stroke=\"\(color(tone))\" stroke-width=\"\(n(w))\" points=\""
                    + pts.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ") + "\"/>"
            case .dot(let x, let y, let r, let tone):
                out += "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(r))\" fill=\"\(color(tone))\"/>"
            case .rect(let x, let y, let w, let h, let tone):
                out += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\" fill=\"\(color(tone))\"/>"
            case .text(let x, let y, let text, let anchor, let size, let tone):
                out += "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor.rawValue)\" font-size=\"\(n(size))\" fill=\"\(color(tone))\">"
                    + escape(text) + "</text>"
            }
        }
        return out + "</svg>"
    }
}
