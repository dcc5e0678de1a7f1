

public enum PeriodKind: String, Codable, Sendable, CaseIterable {
    case quarter, trimester
    case halfYear = "half_year"
    case year
}
