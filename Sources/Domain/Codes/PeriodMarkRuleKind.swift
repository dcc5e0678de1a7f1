

public enum PeriodMarkRuleKind: String, Codable, Sendable, CaseIterable {
    case weightedMean = "weighted_mean"
}
