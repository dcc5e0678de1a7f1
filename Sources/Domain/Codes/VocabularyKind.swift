

/// Open lists the school edits (1.2): each entry is a row of `vocabulary_entries`.
public enum VocabularyKind: String, Codable, Sendable, CaseIterable {
    case achievementSection = "achievement_section"
    case achievementKind = "achievement_kind"
    case achievementLevel = "achievement_level"
    case achievementResult = "achievement_result"
    case awardKind = "award_kind"
    case awardGround = "award_ground"
    case consentPurpose = "consent_purpose"
    case participationKind = "participation_kind"
    case portfolioSection = "portfolio_section"
}
