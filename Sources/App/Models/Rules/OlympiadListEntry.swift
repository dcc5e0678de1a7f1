import Domain
import Fluent
import Foundation

/// The annual list of olympiads and contests of Government Decree № 1239 (17.11.2015), per school year.
final class OlympiadListEntry: Model, @unchecked Sendable {
    static let schema = "olympiad_list_entries"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "academic_year_id") var academicYear: AcademicYear
    @Field(key: "number") var number: String
    @Field(key: "title") var title: String
    @OptionalField(key: "profile") var profile: String?
    @OptionalField(key: "level") var level: String?
    init() {}
}
