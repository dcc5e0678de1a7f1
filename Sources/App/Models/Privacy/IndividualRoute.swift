import Domain
import Fluent
import Foundation

/// The individual educational route (6.1): goals and notes for a pupil in a year.
final class IndividualRoute: Model, @unchecked Sendable {
    static let schema = "individual_routes"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Parent(key: "academic_year_id") var academicYear: AcademicYear
    @Field(key: "goals") var goals: String
    @Field(key: "notes") var notes: String
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}
}
