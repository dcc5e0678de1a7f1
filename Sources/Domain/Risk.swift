import Foundation

/// Early warning (2.1): which pupils may be running into learning problems, and why — so that the class teacher and
/// the deputy head can act in time. Each reason is shown; nothing is a verdict on the child.
public enum RiskRules {
    public enum Reason: Sendable, Equatable {
        /// The mean of the last `weeks` weeks fell against the `weeks` weeks before, by at least `drop`.
        case fallingMean(subject: String, before: Double, after: Double)
        /// The share of «2» among the period's marks (all subjects).
        case manyTwos(share: Double, twos: Int, total: Int)
        /// Fewer marks than the period-mark rule needs, with most of the period gone.
        case missingMarks(subject: String, count: Int, needed: Int)
        /// An academic debt not yet cleared.
        case academicDebt(subject: String)

        public var text: String {
            func f(_ v: Double) -> String { String(format: "%.2f", v).replacingOccurrences(of: ".", with: ",") }
            switch self {
            case .fallingMean(let s, let a, let b): return "\(s): средний балл снизился с \(f(a)) до \(f(b)) за 4 недели"
            case .manyTwos(let share, let twos, let total): return "«2» — \(twos) из \(total) отметок периода (\(Int((share * 100).rounded()))%)"
            case .missingMarks(let s, let n, let need): return "\(s): \(RussianText.count(n, "отметка", "отметки", "отметок")) при нужных \(need)"
            case .academicDebt(let s): return "академическая задолженность: \(s)"
            }
        }
    }

    public struct SubjectMarks: Sendable {
        public var subject: String
        public var marks: [ChartGeometry.Mark]
        public init(subject: String, marks: [ChartGeometry.Mark]) { self.subject = subject; self.marks = marks }
    }

    public static let weeks = 4
    public static let drop = 0.5
    public static let twosShare = 0.2

    public static func mean(_ m: [ChartGeometry.Mark]) -> Double? {
        let w = m.reduce(0) { $0 + $1.weight }
        return w > 0 ? m.reduce(0) { $0 + Double($1.value) * $1.weight } / w : nil
    }

    /// `subjects`: the pupil's numeric marks per subject from at least 8 weeks back; the period decides «missing marks».
    public static func assess(_ subjects: [SubjectMarks], today: LocalDate, periodStart: LocalDate, periodEnd: LocalDate,
                              minMarks: Int, debts: [String]) -> [Reason] {
        var reasons: [Reason] = []
        let split = today.adding(days: -7 * weeks), earliest = today.adding(days: -14 * weeks)
        let periodShare = Double(today.dayNumber - periodStart.dayNumber) / Double(max(1, periodEnd.dayNumber - periodStart.dayNumber))
        var twos = 0, total = 0
        for s in subjects {
            let after = s.marks.filter { $0.date > split && $0.date <= today }
            let before = s.marks.filter { $0.date > earliest && $0.date <= split }
            if after.count >= 3, before.count >= 3, let a = mean(before), let b = mean(after), a - b >= drop {
                reasons.append(.fallingMean(subject: s.subject, before: a, after: b))
            }
            let inPeriod = s.marks.filter { $0.date >= periodStart && $0.date <= min(today, periodEnd) }
            twos += inPeriod.filter { $0.value <= 2 }.count
            total += inPeriod.count
            if periodShare >= 0.5, inPeriod.count < minMarks {
                reasons.append(.missingMarks(subject: s.subject, count: inPeriod.count, needed: minMarks))
            }
        }
        if total >= 5, Double(twos) / Double(total) >= twosShare {
            reasons.append(.manyTwos(share: Double(twos) / Double(total), twos: twos, total: total))
        }
        reasons += debts.map { .academicDebt(subject: $0) }
        return reasons
    }

    /// ФГОС levels by a mean mark: «5» высокий, «4» повышенный, «3» базовый, «2» ниже базового.
    public static func level(ofMean mean: Double, rule: PeriodMarkRule) -> String {
        if mean >= rule.threshold5 { return "high" }
        if mean >= rule.threshold4 { return "advanced" }
        if mean >= rule.threshold3 { return "basic" }
        return "below_basic"
    }
}
