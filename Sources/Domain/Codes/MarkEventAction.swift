

public enum MarkEventAction: String, Codable, Sendable, CaseIterable {
    case set, delete
}
