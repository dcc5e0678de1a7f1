import Domain
import Fluent
import Foundation

/// An УУД (metasubject) or personal-result indicator (3.2.3, 3.2.4).
final class Indicator: Model, @unchecked Sendable {
    static let schema = "indicators"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "group") var group: IndicatorGroup
    @Field(key: "title") var title: String
    @Field(key: "sort") var sort: Int
    @Field(key: "active") var active: Bool
    init() {}
    init(schoolID: UUID, group: IndicatorGroup, title: String, sort: Int) {
        self.schoolID = schoolID; self.group = group; self.title = title; self.sort = sort; self.active = true
    }
}

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

/// Participation in self-government, volunteering and the like (3.2.3).
final class Participation: Model, @unchecked Sendable {
    static let schema = "participations"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @Field(key: "starts_on") var startsOn: LocalDate
    @OptionalField(key: "ends_on") var endsOn: LocalDate?
    @OptionalField(key: "note") var note: String?
    @Field(key: "recorded_by") var recordedBy: UUID
    init() {}
}
