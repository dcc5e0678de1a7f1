import Domain
import Fluent
import Foundation

/// An olympiad, contest, sports, creative or project result (3.2.2).
final class Achievement: Model, @unchecked Sendable {
    static let schema = "achievements"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Field(key: "section") var section: String
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @OptionalField(key: "organiser") var organiser: String?
    @Field(key: "level") var level: String
    @Field(key: "result") var result: String
    @OptionalField(key: "place") var place: String?
    @OptionalParent(key: "subject_id") var subject: Subject?
    @Field(key: "starts_on") var startsOn: LocalDate
    @OptionalField(key: "ends_on") var endsOn: LocalDate?
    @Field(key: "in_decree_1239_list") var inDecree1239List: Bool
    @Field(key: "origin") var origin: AchievementOrigin
    @Field(key: "status") var status: AchievementStatus
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "verified_by") var verifiedBy: UUID?
    @OptionalField(key: "verified_at") var verifiedAt: Date?
    @OptionalField(key: "rejection_reason") var rejectionReason: String?
    /// 5.1: an external record rests on a guardian's consent.
    @OptionalField(key: "consent_id") var consentID: UUID?
    /// 4.9: shown beyond the school staff (a shared link) only when the family says so.
    @Field(key: "shared") var shared: Bool
    init() {}
}
