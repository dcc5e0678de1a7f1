import Domain
import Fluent
import Foundation

/// A legal representative's consent for a purpose (152-ФЗ ст. 9; regulation 5.1).
final class Consent: Model, @unchecked Sendable {
    static let schema = "consents"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Parent(key: "guardian_user_id") var guardian: User
    @Field(key: "purpose") var purpose: String
    @Field(key: "given_on") var givenOn: LocalDate
    @OptionalField(key: "withdrawn_on") var withdrawnOn: LocalDate?
    @OptionalParent(key: "scan_attachment_id") var scan: Attachment?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}
