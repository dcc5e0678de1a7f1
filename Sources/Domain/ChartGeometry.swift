import Foundation

public enum ChartGeometry {
    public struct Mark: Sendable, Equatable {
        public var date: LocalDate
        public var value: Int
        public var weight: Double
        public init(date: LocalDate, value: Int, weight: Double) { self.date = date; self.value = value; self.weight = weight }
    }

    public struct PeriodBand: Sendable, Equatable {
        public var title: String
        public var from: LocalDate
        public var to: LocalDate
        /// The posted period mark, if any.
        public var mark: Int?
        public init(title: String, from: LocalDate, to: LocalDate, mark: Int?) { self.title = title; self.from = from; self.to = to; self.mark = mark }
    }

    /// The weighted running mean after each mark (in date order).
    public static func runningMean(_ marks: [Mark]) -> [Double] {
        var sum = 0.0, weights = 0.0
        return marks.map { m in
            sum += Double(m.value) * m.weight
            weights += m.weight
            return weights > 0 ? sum / weights : Double(m.value)
        }
    }

    /// Marks over time (dots), the running mean (a line), the period marks (bars across each period), on a 2…5 scale.
    public static func marks(_ input: [Mark], periods: [PeriodBand], from: LocalDate, to: LocalDate,
                             width: Double = 640, height: Double = 220) -> Chart {
        let left = 34.0, right = 12.0, top = 14.0, bottom = 30.0
        let plotW = width - left - right, plotH = height - top - bottom
        let marks = input.sorted { $0.date < $1.date }
        let span = Double(max(1, to.dayNumber - from.dayNumber))
        func x(_ d: LocalDate) -> Double { left + plotW * Double(min(max(d.dayNumber - from.dayNumber, 0), Int(span))) / span }
        func y(_ v: Double) -> Double { top + plotH * (5 - v) / 3 }
        var shapes: [Chart.Shape] = []
        for v in 2...5 {
            shapes.append(.line(x1: left, y1: y(Double(v)), x2: width - right, y2: y(Double(v)), tone: .grid, width: 1, dashed: false))
            shapes.append(.text(x: left - 8, y: y(Double(v)) + 4, String(v), anchor: .end, size: 11, tone: .muted))
        }
        for p in periods {
            let a = x(max(p.from, from)), b = x(min(p.to, to))
            guard b > a else { continue }
            shapes.append(.line(x1: a, y1: top, x2: a, y2: height - bottom, tone: .grid, width: 1, dashed: true))
            shapes.append(.text(x: (a + b) / 2, y: height - 10, p.title, anchor: .middle, size: 11, tone: .muted))
            if let m = p.mark {
                shapes.append(.line(x1: a + 2, y1: y(Double(m)), x2: b - 2, y2: y(Double(m)), tone: .good, width: 4, dashed: false))
            }
        }
        let means = runningMean(marks)
        if means.count > 1 {
            shapes.append(.polyline(zip(marks, means).map { Chart.Point(x($0.date), y($1)) }, tone: .accent, width: 2))
        }
        for m in marks {
            shapes.append(.dot(x: x(m.date), y: y(Double(m.value)), r: 3 + min(3, m.weight), tone: m.value <= 2 ? .warn : .ink))
        }
        let summary: String
        if marks.isEmpty {
            summary = "Отметок пока нет."
        } else {
            let last = means.last!
            let trend = means.count >= 4 ? (means.last! - means[means.count / 2] >= 0.15 ? " и растёт"
                : means[means.count / 2] - means.last! >= 0.15 ? " и снижается" : " и держится ровно") : ""
            summary = "\(RussianText.count(marks.count, "отметка", "отметки", "отметок")), средний балл "
                + "\(String(format: "%.2f", last).replacingOccurrences(of: ".", with: ","))\(trend)."
        }
        return Chart(width: width, height: height, shapes: shapes, summary: summary)
    }

    /// A class's marks per value (5, 4, 3, 2) as bars, with the count above each.
    public static func distribution(_ counts: [String: Int], values: [String] = ["5", "4", "3", "2"], width: Double = 320,
                                    height: Double = 180) -> Chart {
        let left = 16.0, bottom = 26.0, top = 18.0
        let total = max(1, values.map { counts[$0] ?? 0 }.reduce(0, +))
        let peak = Double(max(1, values.map { counts[$0] ?? 0 }.max() ?? 1))
        let slot = (width - 2 * left) / Double(values.count)
        var shapes: [Chart.Shape] = [.line(x1: left, y1: height - bottom, x2: width - left, y2: height - bottom, tone: .grid, width: 1, dashed: false)]
        for (i, v) in values.enumerated() {
            let n = counts[v] ?? 0
            let h = (height - bottom - top) * Double(n) / peak
            let x = left + Double(i) * slot + slot * 0.2
            shapes.append(.rect(x: x, y: height - bottom - h, w: slot * 0.6, h: h, tone: v == "2" ? .warn : .accent))
            shapes.append(.text(x: x + slot * 0.3, y: height - bottom - h - 4, "\(n)", anchor: .middle, size: 11, tone: .ink))
            shapes.append(.text(x: x + slot * 0.3, y: height - 8, "«\(v)»", anchor: .middle, size: 12, tone: .muted))
        }
        let parts = values.map { v in "«\(v)» — \(counts[v] ?? 0) (\(Int((Double(counts[v] ?? 0) * 100 / Double(total)).rounded()))%)" }
        return Chart(width: width, height: height, shapes: shapes, summary: parts.joined(separator: ", ") + ".")
    }
}

extension ChartGeometry {
    /// УУД levels by period: a row per indicator, a column per period, each cell shaded by its level and named.
    /// `levels` lists the level names from lowest to highest; a cell holds the index of its level, or nil.
    public static func levels(rows: [(title: String, values: [Int?])], columns: [String], levels: [String],
                              width: Double = 640) -> Chart {
        let labelW = 250.0, head = 22.0, rowH = 24.0
        let cellW = columns.isEmpty ? 0 : (width - labelW) / Double(columns.count)
        let height = head + rowH * Double(rows.count) + 4
        var shapes: [Chart.Shape] = []
        for (i, c) in columns.enumerated() {
            shapes.append(.text(x: labelW + cellW * (Double(i) + 0.5), y: 15, c, anchor: .middle, size: 11, tone: .muted))
        }
        let tones: [Chart.Tone] = [.levelLow, .levelBasic, .levelAdvanced, .levelHigh]
        var improved = 0, fell = 0
        for (r, row) in rows.enumerated() {
            let y = head + rowH * Double(r)
            shapes.append(.text(x: 0, y: y + 16, String(row.title.prefix(42)), anchor: .start, size: 11, tone: .ink))
            for (i, v) in row.values.enumerated() {
                guard let v else { continue }
                let tone = tones[min(tones.count - 1, levels.count <= 1 ? 0 : v * (tones.count - 1) / (levels.count - 1))]
                shapes.append(.rect(x: labelW + cellW * Double(i) + 2, y: y + 3, w: cellW - 4, h: rowH - 6, tone: tone))
                shapes.append(.text(x: labelW + cellW * (Double(i) + 0.5), y: y + 16, levels[v], anchor: .middle, size: 10, tone: .ink))
            }
            let known = row.values.compactMap { $0 }
            if let first = known.first, let last = known.last, known.count > 1 {
                if last > first { improved += 1 } else if last < first { fell += 1 }
            }
        }
        let summary = rows.isEmpty ? "Уровни УУД пока не оценивались."
            : "\(RussianText.count(rows.count, "показатель", "показателя", "показателей")): выросли — \(improved), снизились — \(fell)."
        return Chart(width: width, height: height, shapes: shapes, summary: summary)
    }
}
