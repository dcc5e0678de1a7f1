

public enum DocumentKind: String, Codable, Sendable, CaseIterable {
    case spravka
    case portfolio
    case journalExtract = "journal_extract"
    case destructionAct = "destruction_act"
    case other
}
