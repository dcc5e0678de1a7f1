import Domain
import Fluent
import Foundation

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
