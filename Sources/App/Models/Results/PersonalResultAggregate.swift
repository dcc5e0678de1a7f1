import Domain
import Fluent
import Foundation

/// Class-level, anonymous counts of a personal-result diagnostic.
final class PersonalResultAggregate: Model, @unchecked Sendable {
    static let schema = "personal_result_aggregates"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "class_group_id") var classGroup: ClassGroup
    @Parent(key: "period_id") var period: Period
    @Parent(key: "indicator_id") var indicator: Indicator
    @Field(key: "level") var level: IndicatorLevelValue
    @Field(key: "pupil_count") var pupilCount: Int
    init() {}
}
