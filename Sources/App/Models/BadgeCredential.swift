import Fluent
import Foundation

/// A credential issued for an award, a verified achievement, or a year's extract (CLR): frozen as signed, so every
/// download is the same document; revocable, and then listed on the school's revocation list.
final class BadgeCredential: Model, @unchecked Sendable {
    static let schema = "badge_credentials"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @OptionalParent(key: "pupil_id") var pupil: Pupil?
    /// award | achievement | clr
    @Field(key: "kind") var kind: String
    @OptionalField(key: "award_id") var awardID: UUID?
    @OptionalField(key: "achievement_id") var achievementID: UUID?
    @OptionalField(key: "academic_year_id") var academicYearID: UUID?
    @Field(key: "key_id") var keyID: UUID
    @Field(key: "title") var title: String
    @Field(key: "jws") var jws: String
    @Field(key: "issued_at") var issuedAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "revocation_reason") var revocationReason: String?
    init() {}
}
