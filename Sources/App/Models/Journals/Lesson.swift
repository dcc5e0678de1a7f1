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
