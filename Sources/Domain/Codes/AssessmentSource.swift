

/// 4.1: internal and external assessment are kept apart.
public enum AssessmentSource: String, Codable, Sendable, CaseIterable {
    case `internal`
    case external
}
