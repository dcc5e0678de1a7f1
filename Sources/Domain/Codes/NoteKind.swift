

public enum NoteKind: String, Codable, Sendable, CaseIterable {
    case problem, action, observation
}
