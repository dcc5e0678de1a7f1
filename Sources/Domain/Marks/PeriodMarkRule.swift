import Foundation

/// The period-mark rule of the assessment policy (1.2: data, not code).
public struct PeriodMarkRule: Sendable, Equatable {
    public var threshold5: Double
    public var threshold4: Double
    public var threshold3: Double
    public var minMarks: Int

    public init(threshold5: Double, threshold4: Double, threshold3: Double, minMarks: Int) {
        self.threshold5 = threshold5
        self.threshold4 = threshold4
        self.threshold3 = threshold3
        self.minMarks = minMarks
    }

    /// «В пользу ученика»: 4.65 → 5, 3.65 → 4, 2.65 → 3.
    public static let inFavour = PeriodMarkRule(threshold5: 4.65, threshold4: 3.65, threshold3: 2.65, minMarks: 3)
    /// Plain rounding at 0.5.
    public static let half = PeriodMarkRule(threshold5: 4.5, threshold4: 3.5, threshold3: 2.5, minMarks: 3)
}
