import Domain
import Fluent
import Foundation

/// Participation in self-government, volunteering and the like (3.2.3).
final class Participation: Model, @unchecked Sendable {
    static let schema = "participations"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @Field(key: "starts_on") var startsOn: LocalDate
    @OptionalField(key: "ends_on") var endsOn: LocalDate?
    @OptionalField(key: "note") var note: String?
    @Field(key: "recorded_by") var recordedBy: UUID
    init() {}
}
