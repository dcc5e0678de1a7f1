

public enum AchievementOrigin: String, Codable, Sendable, CaseIterable {
    case `internal`
    /// From another organisation: recorded only at the family's will (5.1).
    case external
}
