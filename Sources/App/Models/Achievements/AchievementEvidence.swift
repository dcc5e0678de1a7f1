import Domain
import Fluent
import Foundation

final class AchievementEvidence: Model, @unchecked Sendable {
    static let schema = "achievement_evidence"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "achievement_id") var achievement: Achievement
    @Parent(key: "attachment_id") var attachment: Attachment
    init() {}
}
