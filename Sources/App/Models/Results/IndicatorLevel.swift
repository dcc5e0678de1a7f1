import Domain
import Fluent
import Foundation

/// A pupil's level on a metasubject indicator in a period. Personal qualities are not scored per child
/// (ФГОС НОО): those go to `PersonalResultAggregate`.
final class IndicatorLevel: Model, @unchecked Sendable {
    static let schema = "indicator_levels"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "indicator_id") var indicator: Indicator
    @Parent(key: "pupil_id") var pupil: Pupil
    @Parent(key: "period_id") var period: Period
    @Field(key: "level") var level: IndicatorLevelValue
    @OptionalField(key: "comment") var comment: String?
    @Field(key: "assessed_by") var assessedBy: UUID
    @Timestamp(key: "assessed_at", on: .create) var assessedAt: Date?
    init() {}
}
