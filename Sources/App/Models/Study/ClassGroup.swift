import Domain
import Fluent
import Foundation

/// A class of a school year: «2А».
final class ClassGroup: Model, @unchecked Sendable {
    static let schema = "class_groups"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "academic_year_id") var academicYear: AcademicYear
    @Field(key: "grade") var grade: Int
    @Field(key: "letter") var letter: String
    @OptionalParent(key: "class_teacher_id") var classTeacher: User?
    init() {}
    init(id: UUID? = nil, schoolID: UUID, academicYearID: UUID, grade: Int, letter: String, classTeacherID: UUID?) {
        self.id = id; self.schoolID = schoolID; self.$academicYear.id = academicYearID; self.grade = grade
        self.letter = letter; self.$classTeacher.id = classTeacherID
    }
    var title: String { "\(grade)\(letter)" }
}
