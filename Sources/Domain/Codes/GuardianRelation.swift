

public enum GuardianRelation: String, Codable, Sendable, CaseIterable {
    case mother, father, guardian, other
}
