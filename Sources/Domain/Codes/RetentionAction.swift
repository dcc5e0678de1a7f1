

public enum RetentionAction: String, Codable, Sendable, CaseIterable {
    case destroy, depersonalise
}
