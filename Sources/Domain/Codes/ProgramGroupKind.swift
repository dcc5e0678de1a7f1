

public enum ProgramGroupKind: String, Codable, Sendable, CaseIterable {
    /// Курс внеурочной деятельности.
    case course
    /// Кружок.
    case club
    /// Спортивная секция.
    case section
}
