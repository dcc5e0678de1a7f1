import Domain
import Foundation
import Testing

@Suite struct ChartTests {
    let start = LocalDate("2026-09-01")!

    func marks(_ values: [Int]) -> [ChartGeometry.Mark] {
        values.enumerated().map { ChartGeometry.Mark(date: start.adding(days: 3 * $0.offset), value: $0.element, weight: 1) }
    }

    @Test func theRunningMeanIsWeighted() {
        let m = [ChartGeometry.Mark(date: start, value: 5, weight: 1), ChartGeometry.Mark(date: start.adding(days: 1), value: 2, weight: 2)]
        let means = ChartGeometry.runningMean(m)
        #expect(means == [5, 3])
    }

    @Test func aMarksChartHasADotPerMarkAMeanLineAndThePostedPeriodMark() {
        let c = ChartGeometry.marks(marks([5, 4, 2, 4, 5]), periods: [.init(title: "1 четверть", from: start, to: start.adding(days: 55), mark: 4)],
                                    from: start, to: start.adding(days: 60))
        let dots = c.shapes.filter { if case .dot = $0 { return true } else { return false } }
        #expect(dots.count == 5)
        #expect(c.shapes.contains { if case .dot(_, _, _, .warn) = $0 { return true } else { return false } })
        #expect(c.shapes.contains { if case .polyline(let p, _, _) = $0 { return p.count == 5 } else { return false } })
        #expect(c.shapes.contains { if case .line(_, _, _, _, .good, _, _) = $0 { return true } else { return false } })
        // Every point lies inside the box.
        for case .dot(let x, let y, _, _) in c.shapes { #expect(x >= 0 && x <= c.width && y >= 0 && y <= c.height) }
        #expect(c.summary.hasPrefix("5 отметок, средний балл 4,00"))
    }

    @Test func theSummarySaysWhereTheMeanIsGoing() {
        #expect(ChartGeometry.marks(marks([3, 3, 3, 4, 5, 5, 5, 5]), periods: [], from: start, to: start.adding(days: 30)).summary.contains("растёт"))
        #expect(ChartGeometry.marks(marks([5, 5, 5, 5, 3, 2, 2, 2]), periods: [], from: start, to: start.adding(days: 30)).summary.contains("снижается"))
        #expect(ChartGeometry.marks([], periods: [], from: start, to: start.adding(days: 30)).summary == "Отметок пока нет.")
    }

    @Test func theDistributionCountsAndShares() {
        let c = ChartGeometry.distribution(["5": 6, "4": 10, "3": 3, "2": 1])
        #expect(c.summary == "«5» — 6 (30%), «4» — 10 (50%), «3» — 3 (15%), «2» — 1 (5%).")
        let bars = c.shapes.compactMap { if case .rect(_, _, _, let h, _) = $0 { return h } else { return nil } }
        #expect(bars.count == 4 && bars[1] == bars.max())
    }

    @Test func theSVGIsSelfContainedAndNamed() {
        let c = ChartGeometry.marks(marks([5, 4]), periods: [.init(title: "<script>", from: start, to: start.adding(days: 10), mark: nil)],
                                    from: start, to: start.adding(days: 20))
        let svg = SVG.render(c)
        #expect(svg.hasPrefix("<svg") && svg.contains("role=\"img\"") && svg.contains("aria-label=\"2 отметки"))
        #expect(!svg.contains("<script>") && svg.contains("&lt;script&gt;"))
        #expect(!svg.contains("http://") || svg.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(!svg.contains("href"))
    }
}

extension ChartTests {
    @Test func levelsByPeriodShadeEachCellAndCountWhatChanged() {
        let c = ChartGeometry.levels(rows: [(title: "Планирует свои действия", values: [2, 3]), (title: "Находит информацию", values: [3, 1]),
                                            (title: "Договаривается", values: [nil, 2])],
                                     columns: ["1 четверть", "2 четверть"], levels: ["низкий", "ниже базового", "базовый", "повышенный", "высокий"])
        let cells = c.shapes.filter { if case .rect = $0 { return true } else { return false } }
        #expect(cells.count == 5)
        #expect(c.summary == "3 показателя: выросли — 1, снизились — 1.")
        #expect(c.shapes.contains { if case .text(_, _, "повышенный", _, _, _) = $0 { return true } else { return false } })
        #expect(ChartGeometry.levels(rows: [], columns: [], levels: []).summary == "Уровни УУД пока не оценивались.")
    }
}
