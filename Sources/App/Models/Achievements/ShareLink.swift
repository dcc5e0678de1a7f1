import Domain
import Fluent
import Foundation

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
