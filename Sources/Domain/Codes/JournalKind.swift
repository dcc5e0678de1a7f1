

/// The four journals of regulation 4.4–4.6.
public enum JournalKind: String, Codable, Sendable, CaseIterable {
    case classJournal = "class"
    case individual
    case extracurricular
    case club
}
