import Domain
import Fluent
import Foundation

/// A quarter, trimester, half-year or the year, for a range of grades (grade 1 may have its own).
final class Period: Model, @unchecked Sendable {
    static let schema = "periods"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "academic_year_id") var academicYear: AcademicYear
    @Field(key: "kind") var kind: PeriodKind
    @Field(key: "number") var number: Int
    @Field(key: "title") var title: String
    @Field(key: "starts_on") var startsOn: LocalDate
    @Field(key: "ends_on") var endsOn: LocalDate
    @Field(key: "grade_from") var gradeFrom: Int
    @Field(key: "grade_to") var gradeTo: Int
    init() {}
    init(id: UUID? = nil, schoolID: UUID, academicYearID: UUID, kind: PeriodKind, number: Int, title: String,
         startsOn: LocalDate, endsOn: LocalDate, gradeFrom: Int = 1, gradeTo: Int = 11) {
        self.id = id; self.schoolID = schoolID; self.$academicYear.id = academicYearID; self.kind = kind
        self.number = number; self.title = title; self.startsOn = startsOn; self.endsOn = endsOn
        self.gradeFrom = gradeFrom; self.gradeTo = gradeTo
    }
}
