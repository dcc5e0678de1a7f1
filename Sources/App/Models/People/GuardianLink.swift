import Domain
import Fluent
import Foundation

/// A pupil's parent or other guardian, linked to their user account.
final class GuardianLink: Model, @unchecked Sendable {
    static let schema = "guardian_links"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Parent(key: "user_id") var user: User
    @Field(key: "relation") var relation: GuardianRelation
    @Field(key: "legal_representative") var legalRepresentative: Bool
    @OptionalField(key: "valid_from") var validFrom: LocalDate?
    @OptionalField(key: "valid_to") var validTo: LocalDate?
    init() {}
    init(schoolID: UUID, pupilID: UUID, userID: UUID, relation: GuardianRelation, legalRepresentative: Bool = true,
         validFrom: LocalDate? = nil, validTo: LocalDate? = nil) {
        self.schoolID = schoolID; self.$pupil.id = pupilID; self.$user.id = userID; self.relation = relation
        self.legalRepresentative = legalRepresentative; self.validFrom = validFrom; self.validTo = validTo
    }
}
