

public enum PupilStatus: String, Codable, Sendable, CaseIterable {
    case active, left, graduated
}
