

public enum Sex: String, Codable, Sendable, CaseIterable {
    case male = "m"
    case female = "f"
}
