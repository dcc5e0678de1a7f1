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

/// An award (поощрение) on one of the nine grounds of clause 3.3, resting on an order.
final class Award: Model, @unchecked Sendable {
    static let schema = "awards"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Field(key: "kind") var kind: String
    @Field(key: "ground") var ground: String
    @Field(key: "title") var title: String
    @Field(key: "date") var date: LocalDate
    @Field(key: "basis_document") var basisDocument: String
    @Field(key: "awarded_by") var awardedBy: String
    @OptionalField(key: "order_number") var orderNumber: String?
    @OptionalField(key: "order_date") var orderDate: LocalDate?
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "shared") var shared: Bool
    init() {}
}

final class AwardAchievement: Model, @unchecked Sendable {
    static let schema = "award_achievements"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "award_id") var award: Award
    @Parent(key: "achievement_id") var achievement: Achievement
    init() {}
}

/// A content-addressed file: the bytes live under the data directory by sha256.
final class Attachment: Model, @unchecked Sendable {
    static let schema = "attachments"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "sha256") var sha256: String
    @Field(key: "mime") var mime: String
    @Field(key: "size") var size: Int
    @Field(key: "original_name") var originalName: String
    @Field(key: "uploaded_by") var uploadedBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

final class AchievementEvidence: Model, @unchecked Sendable {
    static let schema = "achievement_evidence"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "achievement_id") var achievement: Achievement
    @Parent(key: "attachment_id") var attachment: Attachment
    init() {}
}

/// A work or document of the portfolio (4.8): album, presentation, creative work, table of skills.
final class PortfolioArtefact: Model, @unchecked Sendable {
    static let schema = "portfolio_artefacts"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Field(key: "section") var section: String
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    @OptionalParent(key: "attachment_id") var attachment: Attachment?
    @Field(key: "date") var date: LocalDate
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "shared") var shared: Bool
    init() {}
}

/// A link the family gives to someone outside the school (4.9): secret token (only its hash is stored), expiry, revocable.
final class ShareLink: Model, @unchecked Sendable {
    static let schema = "share_links"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_on") var expiresOn: LocalDate
    /// Whether the subject and УУД dynamics are shown too.
    @Field(key: "include_results") var includeResults: Bool
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    init() {}
}
