

/// 3.2.4: УУД groups (with the regulation's personal group).
public enum IndicatorGroup: String, Codable, Sendable, CaseIterable {
    case personal, regulative, cognitive, communicative
}
