import Domain
import Fluent
import Foundation

/// Append-only: the current mark of a pupil in a lesson is the latest event (2.4: nothing silently overwritten).
final class MarkEvent: Model, @unchecked Sendable {
    static let schema = "mark_events"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "lesson_id") var lesson: Lesson
    @Parent(key: "pupil_id") var pupil: Pupil
    /// Denormalised from the lesson so a pupil's marks by subject are one index read.
    @OptionalField(key: "curriculum_item_id") var curriculumItemID: UUID?
    @Field(key: "date") var date: LocalDate
    @Field(key: "action") var action: MarkEventAction
    /// «5», «зачёт»; nil for a verbal-only assessment.
    @OptionalField(key: "value") var value: String?
    @OptionalField(key: "verbal") var verbal: String?
    @OptionalField(key: "mark_scale_id") var markScaleID: UUID?
    @Field(key: "weight") var weight: Double
    @OptionalField(key: "work_type_id") var workTypeID: UUID?
    @Field(key: "source") var source: AssessmentSource
    @Field(key: "author_id") var authorID: UUID
    @Field(key: "recorded_at") var recordedAt: Date
    @OptionalField(key: "reason") var reason: String?
    init() {}
    init(id: UUID? = nil, schoolID: UUID, lessonID: UUID, pupilID: UUID, curriculumItemID: UUID?, date: LocalDate,
         action: MarkEventAction = .set, value: String?, verbal: String? = nil, markScaleID: UUID?, weight: Double,
         workTypeID: UUID?, source: AssessmentSource = .internal, authorID: UUID, recordedAt: Date, reason: String? = nil) {
        self.id = id; self.schoolID = schoolID; self.$lesson.id = lessonID; self.$pupil.id = pupilID
        self.curriculumItemID = curriculumItemID; self.date = date; self.action = action; self.value = value
        self.verbal = verbal; self.markScaleID = markScaleID; self.weight = weight; self.workTypeID = workTypeID
        self.source = source; self.authorID = authorID; self.recordedAt = recordedAt; self.reason = reason
    }
}
