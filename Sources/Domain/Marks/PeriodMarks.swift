import Foundation

public enum PeriodMarks {
    /// Weighted mean of the numeric marks, rounded by the rule's thresholds. Pass/fail and verbal marks never enter;
    /// with fewer marks than the rule asks, no proposal (the teacher decides, e.g. «н/а»).
    public static func propose(_ marks: [WeightedMark], rule: PeriodMarkRule) -> PeriodMarkProposal {
        let used = marks.filter { $0.weight > 0 }
        guard !used.isEmpty, used.count >= rule.minMarks else {
            return PeriodMarkProposal(value: nil, mean: nil, count: used.count,
                                      explanation: "Отметок: \(used.count); правило требует не меньше \(rule.minMarks) — предложения нет.")
        }
        let total = used.reduce(0.0) { $0 + $1.weight }
        let mean = used.reduce(0.0) { $0 + Double($1.value) * $1.weight } / total
        let value: Int
        if mean >= rule.threshold5 { value = 5 } else if mean >= rule.threshold4 { value = 4 } else if mean >= rule.threshold3 { value = 3 } else { value = 2 }
        let terms = used.map { $0.weight == 1 ? "\($0.value)" : "\($0.value)×\(format($0.weight))" }.joined(separator: " + ")
        let threshold: String
        switch value {
        case 5: threshold = "≥ \(format(rule.threshold5))"
        case 4: threshold = "≥ \(format(rule.threshold4)) и < \(format(rule.threshold5))"
        case 3: threshold = "≥ \(format(rule.threshold3)) и < \(format(rule.threshold4))"
        default: threshold = "< \(format(rule.threshold3))"
        }
        let explanation = "(\(terms)) ÷ \(format(total)) = \(String(format: "%.2f", mean)); \(String(format: "%.2f", mean)) \(threshold) → «\(value)»"
        return PeriodMarkProposal(value: String(value), mean: mean, count: used.count, explanation: explanation)
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(format: "%.2f", x).replacingOccurrences(of: "0+$", with: "", options: .regularExpression)
    }
}
