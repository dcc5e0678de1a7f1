import Fluent

struct CreateConsent: AsyncMigration {
    let name = "CreateConsent"

    func prepare(on database: any Database) async throws {
        try await database.schema(Consent.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("guardian_user_id", .uuid, .required, .references("users", "id"))
            .field("purpose", .string, .required)
            .field("given_on", .string, .required)
            .field("withdrawn_on", .string)
            .field("scan_attachment_id", .uuid, .references("attachments", "id"))
            .field("recorded_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("idx_consents_pupil_id_purpose", on: Consent.schema, "pupil_id", "purpose")
        try await database.createIndex("idx_consents_guardian_user_id", on: Consent.schema, "guardian_user_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Consent.schema).delete()
    }
}

struct CreateIndividualRoute: AsyncMigration {
    let name = "CreateIndividualRoute"

    func prepare(on database: any Database) async throws {
        try await database.schema(IndividualRoute.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("academic_year_id", .uuid, .required, .references("academic_years", "id"))
            .field("goals", .string, .required)
            .field("notes", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("updated_at", .datetime)
            .unique(on: "pupil_id", "academic_year_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IndividualRoute.schema).delete()
    }
}

struct CreatePupilNote: AsyncMigration {
    let name = "CreatePupilNote"

    func prepare(on database: any Database) async throws {
        try await database.schema(PupilNote.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("author_id", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("idx_pupil_notes_pupil_id_created_at", on: PupilNote.schema, "pupil_id", "created_at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PupilNote.schema).delete()
    }
}

struct CreateInformationRequest: AsyncMigration {
    let name = "CreateInformationRequest"

    func prepare(on database: any Database) async throws {
        try await database.schema(InformationRequest.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .references("pupils", "id"))
            .field("requester_user_id", .uuid, .references("users", "id"))
            .field("requester_name", .string, .required)
            .field("channel", .string, .required)
            .field("received_on", .string, .required)
            .field("due_on", .string, .required)
            .field("extended_until", .string)
            .field("extension_reason", .string)
            .field("subject", .string, .required)
            .field("status", .string, .required)
            .field("answered_on", .string)
            .field("answer_note", .string)
            .create()
        try await database.createIndex("idx_information_requests_school_id_status_due_on", on: InformationRequest.schema, "school_id", "status", "due_on")
        try await database.createIndex("idx_information_requests_pupil_id", on: InformationRequest.schema, "pupil_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(InformationRequest.schema).delete()
    }
}

struct CreateIssuedDocument: AsyncMigration {
    let name = "CreateIssuedDocument"

    func prepare(on database: any Database) async throws {
        try await database.schema(IssuedDocument.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .references("pupils", "id"))
            .field("kind", .string, .required)
            .field("year", .int, .required)
            .field("register_number", .int, .required)
            .field("issued_on", .string, .required)
            .field("sha256", .string, .required)
            .field("signer_name", .string, .required)
            .field("signer_user_id", .uuid, .references("users", "id"))
            .field("request_id", .uuid, .references("information_requests", "id"))
            .field("verification_token", .string, .required)
            .field("revoked_at", .datetime)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .unique(on: "school_id", "year", "register_number")
            .unique(on: "verification_token")
            .create()
        try await database.createIndex("idx_issued_documents_pupil_id", on: IssuedDocument.schema, "pupil_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IssuedDocument.schema).delete()
    }
}

struct CreateAuditEvent: AsyncMigration {
    let name = "CreateAuditEvent"

    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("seq", .int, .required)
            .field("actor_user_id", .uuid)
            .field("actor_role", .string, .required)
            .field("action", .string, .required)
            .field("object_kind", .string, .required)
            .field("object_id", .uuid)
            .field("pupil_id", .uuid)
            .field("address", .string, .required)
            .field("at", .datetime, .required)
            .field("details", .string, .required)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "school_id", "seq")
            .create()
        try await database.createIndex("idx_audit_events_pupil_id_at", on: AuditEvent.schema, "pupil_id", "at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema).delete()
    }
}

struct CreateDestructionAct: AsyncMigration {
    let name = "CreateDestructionAct"

    func prepare(on database: any Database) async throws {
        try await database.schema(DestructionAct.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("number", .string, .required)
            .field("date", .string, .required)
            .field("reason", .string, .required)
            .field("subjects", .string, .required)
            .field("data_categories", .string, .required)
            .field("log_extract", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("idx_destruction_acts_school_id_date", on: DestructionAct.schema, "school_id", "date")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DestructionAct.schema).delete()
    }
}
