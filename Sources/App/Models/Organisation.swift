import Domain
import Fluent
import Foundation

/// The tenant: every other row carries its `school_id`.
final class School: Model, @unchecked Sendable {
    static let schema = "schools"
    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "short_name") var shortName: String
    @Field(key: "address") var address: String
    @Field(key: "inn") var inn: String
    @Field(key: "ogrn") var ogrn: String
    @Field(key: "head_name") var headName: String
    @Field(key: "time_zone") var timeZone: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
    init(id: UUID? = nil, name: String, shortName: String, address: String = "", inn: String = "", ogrn: String = "",
         headName: String = "", timeZone: String = SchoolTime.defaultIdentifier) {
        self.id = id; self.name = name; self.shortName = shortName; self.address = address
        self.inn = inn; self.ogrn = ogrn; self.headName = headName; self.timeZone = timeZone
    }
}

/// A school year: open → closed (frozen) → archived.
final class AcademicYear: Model, @unchecked Sendable {
    static let schema = "academic_years"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "title") var title: String
    @Field(key: "starts_on") var startsOn: LocalDate
    @Field(key: "ends_on") var endsOn: LocalDate
    @Field(key: "status") var status: AcademicYearStatus
    init() {}
    init(id: UUID? = nil, schoolID: UUID, title: String, startsOn: LocalDate, endsOn: LocalDate, status: AcademicYearStatus = .open) {
        self.id = id; self.schoolID = schoolID; self.title = title; self.startsOn = startsOn; self.endsOn = endsOn; self.status = status
    }
}

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

extension School {
    /// The school's own time zone (its calendar decides "today").
    var zone: TimeZone { SchoolTime.zone(timeZone) }
}
