

public enum IndicatorLevelValue: String, Codable, Sendable, CaseIterable {
    case low
    case belowBasic = "below_basic"
    case basic
    case advanced
    case high
}
