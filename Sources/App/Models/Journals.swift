import Domain
import Fluent
import Foundation

/// A lesson or session of one of the four journals.
final class Lesson: Model, @unchecked Sendable {
    static let schema = "lessons"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "journal_kind") var journalKind: JournalKind
    @OptionalParent(key: "curriculum_item_id") var curriculumItem: CurriculumItem?
    @OptionalParent(key: "program_group_id") var programGroup: ProgramGroup?
    /// The pupil of an individual (home-schooling) journal.
    @OptionalParent(key: "pupil_id") var pupil: Pupil?
    @Field(key: "date") var date: LocalDate
    @Field(key: "topic") var topic: String
    @OptionalParent(key: "work_type_id") var workType: WorkType?
    @Field(key: "hours") var hours: Double
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
    init(id: UUID? = nil, schoolID: UUID, journalKind: JournalKind, curriculumItemID: UUID? = nil, programGroupID: UUID? = nil,
         pupilID: UUID? = nil, date: LocalDate, topic: String, workTypeID: UUID? = nil, hours: Double = 1, createdBy: UUID? = nil) {
        self.id = id; self.schoolID = schoolID; self.journalKind = journalKind; self.$curriculumItem.id = curriculumItemID
        self.$programGroup.id = programGroupID; self.$pupil.id = pupilID; self.date = date; self.topic = topic
        self.$workType.id = workTypeID; self.hours = hours; self.createdBy = createdBy
    }
}

/// Attendance: «н» means absence and is never a mark.
final class Attendance: Model, @unchecked Sendable {
    static let schema = "attendance"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "lesson_id") var lesson: Lesson
    @Parent(key: "pupil_id") var pupil: Pupil
    @Field(key: "status") var status: AttendanceStatus
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @Timestamp(key: "recorded_at", on: .create) var recordedAt: Date?
    init() {}
}

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

/// A period mark: the rule's proposal and the teacher's decision kept apart.
final class PeriodMark: Model, @unchecked Sendable {
    static let schema = "period_marks"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Parent(key: "curriculum_item_id") var curriculumItem: CurriculumItem
    @Parent(key: "period_id") var period: Period
    @OptionalField(key: "proposed_value") var proposedValue: String?
    @OptionalField(key: "proposed_mean") var proposedMean: Double?
    @OptionalField(key: "final_value") var finalValue: String?
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "status") var status: PeriodMarkStatus
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    init() {}
}

/// Intermediate attestation (промежуточная аттестация), grades 2–4.
final class AttestationResult: Model, @unchecked Sendable {
    static let schema = "attestation_results"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Parent(key: "curriculum_item_id") var curriculumItem: CurriculumItem
    @Parent(key: "academic_year_id") var academicYear: AcademicYear
    @Field(key: "form") var form: String
    @Field(key: "value") var value: String
    @Field(key: "date") var date: LocalDate
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    init() {}
}

/// A ВСОКО diagnostic or external monitoring (ВПР) event (4.1, 4.2).
final class AssessmentEvent: Model, @unchecked Sendable {
    static let schema = "assessment_events"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "academic_year_id") var academicYear: AcademicYear
    @OptionalParent(key: "class_group_id") var classGroup: ClassGroup?
    @OptionalParent(key: "subject_id") var subject: Subject?
    @Field(key: "source") var source: AssessmentSource
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @Field(key: "form") var form: String
    @Field(key: "date") var date: LocalDate
    @OptionalField(key: "organiser") var organiser: String?
    /// school | municipal | regional | federal
    @OptionalField(key: "level") var level: String?
    @OptionalField(key: "max_score") var maxScore: Double?
    init() {}
}

final class AssessmentResult: Model, @unchecked Sendable {
    static let schema = "assessment_results"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "assessment_event_id") var event: AssessmentEvent
    @Parent(key: "pupil_id") var pupil: Pupil
    @OptionalField(key: "value") var value: String?
    @OptionalField(key: "score") var score: Double?
    @OptionalField(key: "max_score") var maxScore: Double?
    @OptionalField(key: "level") var level: IndicatorLevelValue?
    @OptionalField(key: "comment") var comment: String?
    init() {}
}
