import Foundation

/// Chart geometry computed once (2.3, 4.8: the dynamics of a pupil's results), drawn by two renderers: inline SVG on
/// web pages and Cairo in the PDFs. Coordinates are in a fixed box; the renderers scale it.
public struct Chart: Sendable, Equatable {
    public enum Tone: String, Sendable {
        case ink, muted, accent, warn, good, grid
        /// Light fills for level cells, dark text stays readable on them.
        case levelLow, levelBasic, levelAdvanced, levelHigh
    }

    public enum Shape: Sendable, Equatable {
        case line(x1: Double, y1: Double, x2: Double, y2: Double, tone: Tone, width: Double, dashed: Bool)
        case polyline([Point], tone: Tone, width: Double)
        case dot(x: Double, y: Double, r: Double, tone: Tone)
        case rect(x: Double, y: Double, w: Double, h: Double, tone: Tone)
        case text(x: Double, y: Double, String, anchor: Anchor, size: Double, tone: Tone)
    }

    public struct Point: Sendable, Equatable {
        public var x: Double, y: Double
        public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
    }

    public enum Anchor: String, Sendable { case start, middle, end }

    public var width: Double
    public var height: Double
    public var shapes: [Shape]
    /// What the chart says in words (the accessible name of the picture).
    public var summary: String

    public init(width: Double, height: Double, shapes: [Shape], summary: String) {
        self.width = width; self.height = height; self.shapes = shapes; self.summary = summary
    }
}
