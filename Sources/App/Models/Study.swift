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

/// A pupil in a class, from a date to a date (class history of the personal file).
final class Enrolment: Model, @unchecked Sendable {
    static let schema = "enrolments"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Parent(key: "class_group_id") var classGroup: ClassGroup
    @Field(key: "starts_on") var startsOn: LocalDate
    @OptionalField(key: "ends_on") var endsOn: LocalDate?
    @OptionalField(key: "reason") var reason: String?
    init() {}
    init(schoolID: UUID, pupilID: UUID, classGroupID: UUID, startsOn: LocalDate, endsOn: LocalDate? = nil, reason: String? = nil) {
        self.schoolID = schoolID; self.$pupil.id = pupilID; self.$classGroup.id = classGroupID
        self.startsOn = startsOn; self.endsOn = endsOn; self.reason = reason
    }
}

final class Subject: Model, @unchecked Sendable {
    static let schema = "subjects"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "short_name") var shortName: String
    @Field(key: "sort") var sort: Int
    init() {}
    init(id: UUID? = nil, schoolID: UUID, code: String, name: String, shortName: String, sort: Int) {
        self.id = id; self.schoolID = schoolID; self.code = code; self.name = name; self.shortName = shortName; self.sort = sort
    }
}

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

/// An educational programme (3.1).
final class Program: Model, @unchecked Sendable {
    static let schema = "programs"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "kind") var kind: ProgramKind
    @Field(key: "title") var title: String
    init() {}
    init(id: UUID? = nil, schoolID: UUID, kind: ProgramKind, title: String) {
        self.id = id; self.schoolID = schoolID; self.kind = kind; self.title = title
    }
}

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

final class GroupMembership: Model, @unchecked Sendable {
    static let schema = "group_memberships"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "program_group_id") var programGroup: ProgramGroup
    @Parent(key: "pupil_id") var pupil: Pupil
    @Field(key: "starts_on") var startsOn: LocalDate
    @OptionalField(key: "ends_on") var endsOn: LocalDate?
    init() {}
    init(schoolID: UUID, programGroupID: UUID, pupilID: UUID, startsOn: LocalDate, endsOn: LocalDate? = nil) {
        self.schoolID = schoolID; self.$programGroup.id = programGroupID; self.$pupil.id = pupilID
        self.startsOn = startsOn; self.endsOn = endsOn
    }
}
