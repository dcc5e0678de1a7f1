import Domain
import Fluent
import Foundation

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
