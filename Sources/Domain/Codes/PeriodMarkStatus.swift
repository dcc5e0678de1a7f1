

public enum PeriodMarkStatus: String, Codable, Sendable, CaseIterable {
    case proposed, posted, locked
}
