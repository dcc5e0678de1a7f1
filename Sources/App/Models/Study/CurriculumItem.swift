import Domain
import Fluent
import Foundation

/// A subject taught in a class by a teacher on a mark scale.
final class CurriculumItem: Model, @unchecked Sendable {
    static let schema = "curriculum_items"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "class_group_id") var classGroup: ClassGroup
    @Parent(key: "subject_id") var subject: Subject
    @OptionalParent(key: "teacher_id") var teacher: User?
    @Parent(key: "mark_scale_id") var markScale: MarkScale
    @Field(key: "hours_per_week") var hoursPerWeek: Double
    init() {}
    init(id: UUID? = nil, schoolID: UUID, classGroupID: UUID, subjectID: UUID, teacherID: UUID?, markScaleID: UUID, hoursPerWeek: Double) {
        self.id = id; self.schoolID = schoolID; self.$classGroup.id = classGroupID; self.$subject.id = subjectID
        self.$teacher.id = teacherID; self.$markScale.id = markScaleID; self.hoursPerWeek = hoursPerWeek
    }
}
