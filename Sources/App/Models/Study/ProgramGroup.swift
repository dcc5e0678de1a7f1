import Domain
import Fluent
import Foundation

/// A course, club (кружок) or sports section (секция) group of a programme.
final class ProgramGroup: Model, @unchecked Sendable {
    static let schema = "program_groups"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "program_id") var program: Program
    @Parent(key: "academic_year_id") var academicYear: AcademicYear
    @Field(key: "kind") var kind: ProgramGroupKind
    @Field(key: "title") var title: String
    @OptionalParent(key: "teacher_id") var teacher: User?
    init() {}
    init(id: UUID? = nil, schoolID: UUID, programID: UUID, academicYearID: UUID, kind: ProgramGroupKind, title: String, teacherID: UUID?) {
        self.id = id; self.schoolID = schoolID; self.$program.id = programID; self.$academicYear.id = academicYearID
        self.kind = kind; self.title = title; self.$teacher.id = teacherID
    }
}
