import Domain
import Fluent
import Foundation

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

extension Enrolment {
    /// In the class at some time during [from, to].
    func overlaps(_ from: LocalDate, _ to: LocalDate) -> Bool {
        startsOn <= to && (endsOn.map { from <= $0 } ?? true)
    }

    /// In the class at the end of `year`: still enrolled, or — the year closed — enrolled until its last day (the close
    /// ends every enrolment on that day).
    func atEnd(of year: AcademicYear) -> Bool {
        Enrolment.atEnd(endsOn, of: year)
    }

    static func atEnd(_ endsOn: LocalDate?, of year: AcademicYear) -> Bool {
        endsOn.map { year.status != .open && $0 >= year.endsOn } ?? true
    }
}
