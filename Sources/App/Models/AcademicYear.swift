import Domain
import Fluent
import Foundation

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

extension AcademicYear {
    /// The year's title when it is closed (its journals are its archive: nothing in it changes), nil while it is open.
    static func closedTitle(on db: any Database, id: UUID) async throws -> String? {
        guard let year = try await AcademicYear.find(id, on: db), year.status != .open else { return nil }
        return year.title
    }
}
