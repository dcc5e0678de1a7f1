

public enum RequestStatus: String, Codable, Sendable, CaseIterable {
    case open, extended, answered
}
