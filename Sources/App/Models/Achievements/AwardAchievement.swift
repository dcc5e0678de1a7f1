import Domain
import Fluent
import Foundation

final class AwardAchievement: Model, @unchecked Sendable {
    static let schema = "award_achievements"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "award_id") var award: Award
    @Parent(key: "achievement_id") var achievement: Achievement
    init() {}
}
