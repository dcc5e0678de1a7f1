import Fluent

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
