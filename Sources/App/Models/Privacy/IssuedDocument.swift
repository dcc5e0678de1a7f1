import Domain
import Fluent
import Foundation

/// The register of issued documents: number of the year, frozen copy by sha256, signer.
final class IssuedDocument: Model, @unchecked Sendable {
    static let schema = "issued_documents"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @OptionalParent(key: "pupil_id") var pupil: Pupil?
    @Field(key: "kind") var kind: DocumentKind
    @Field(key: "year") var year: Int
    @Field(key: "register_number") var registerNumber: Int
    @Field(key: "issued_on") var issuedOn: LocalDate
    @Field(key: "sha256") var sha256: String
    @Field(key: "signer_name") var signerName: String
    @OptionalField(key: "signer_user_id") var signerUserID: UUID?
    @OptionalParent(key: "request_id") var request: InformationRequest?
    @Field(key: "verification_token") var verificationToken: String
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    /// Why the head revoked it: in the register and the audit trail, never on the public verification page.
    @OptionalField(key: "revocation_reason") var revocationReason: String?
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}
