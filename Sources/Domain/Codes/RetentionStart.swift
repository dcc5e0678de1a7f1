

public enum RetentionStart: String, Codable, Sendable, CaseIterable {
    case yearEnd = "year_end"
    case pupilLeft = "pupil_left"
    case purposeEnd = "purpose_end"
}
