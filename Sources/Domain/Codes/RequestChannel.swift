

public enum RequestChannel: String, Codable, Sendable, CaseIterable {
    case oral, written, electronic
}
