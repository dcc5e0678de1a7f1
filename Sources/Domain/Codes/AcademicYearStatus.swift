

/// Closed sets of codes the data model stores as strings (portable between SQLite and PostgreSQL).
/// Open lists the school edits (achievement sections, award kinds, consent purposes…) are data:
/// see `VocabularyKind`.

public enum AcademicYearStatus: String, Codable, Sendable, CaseIterable {
    case open, closed, archived
}
