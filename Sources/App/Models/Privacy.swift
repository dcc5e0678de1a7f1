import Domain
import Fluent
import Foundation

/// The individual educational route (6.1): goals and notes for a pupil in a year.
final class IndividualRoute: Model, @unchecked Sendable {
    static let schema = "individual_routes"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Parent(key: "academic_year_id") var academicYear: AcademicYear
    @Field(key: "goals") var goals: String
    @Field(key: "notes") var notes: String
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}
}

/// One step of an individual route (6.1): what, who is responsible, when, and what came of it.
final class RouteStep: Model, @unchecked Sendable {
    static let schema = "route_steps"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "route_id") var route: IndividualRoute
    @Field(key: "title") var title: String
    @Field(key: "responsible") var responsible: String
    @OptionalField(key: "starts_on") var startsOn: LocalDate?
    @OptionalField(key: "due_on") var dueOn: LocalDate?
    @OptionalField(key: "done_on") var doneOn: LocalDate?
    @Field(key: "outcome") var outcome: String
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

/// A note on a learning problem and the action taken (2.1).
final class PupilNote: Model, @unchecked Sendable {
    static let schema = "pupil_notes"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Field(key: "kind") var kind: NoteKind
    @Field(key: "text") var text: String
    @Field(key: "author_id") var authorID: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

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

/// A parent's request for information (6.3) with its legal due date.
final class InformationRequest: Model, @unchecked Sendable {
    static let schema = "information_requests"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @OptionalParent(key: "pupil_id") var pupil: Pupil?
    @OptionalParent(key: "requester_user_id") var requester: User?
    @Field(key: "requester_name") var requesterName: String
    @Field(key: "channel") var channel: RequestChannel
    @Field(key: "received_on") var receivedOn: LocalDate
    @Field(key: "due_on") var dueOn: LocalDate
    @OptionalField(key: "extended_until") var extendedUntil: LocalDate?
    @OptionalField(key: "extension_reason") var extensionReason: String?
    @Field(key: "subject") var subject: String
    @Field(key: "status") var status: RequestStatus
    @OptionalField(key: "answered_on") var answeredOn: LocalDate?
    @OptionalField(key: "answer_note") var answerNote: String?
    init() {}
}

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
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

/// Append-only, hash-chained record of every action with personal data (152-ФЗ ст. 19 ч. 2 п. 8).
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "seq") var seq: Int
    @OptionalField(key: "actor_user_id") var actorUserID: UUID?
    @Field(key: "actor_role") var actorRole: String
    @Field(key: "action") var action: String
    @Field(key: "object_kind") var objectKind: String
    @OptionalField(key: "object_id") var objectID: UUID?
    @OptionalField(key: "pupil_id") var pupilID: UUID?
    @Field(key: "address") var address: String
    @Field(key: "at") var at: Date
    @Field(key: "details") var details: String
    @Field(key: "prev_hash") var prevHash: String
    @Field(key: "hash") var hash: String
    init() {}
}

/// An act of destruction or depersonalisation (Приказ Роскомнадзора № 179).
final class DestructionAct: Model, @unchecked Sendable {
    static let schema = "destruction_acts"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "number") var number: String
    @Field(key: "date") var date: LocalDate
    @Field(key: "reason") var reason: String
    @Field(key: "subjects") var subjects: String
    @Field(key: "data_categories") var dataCategories: String
    @Field(key: "log_extract") var logExtract: String
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}
