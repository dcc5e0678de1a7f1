import Fluent

struct CreateAttestationResult: AsyncMigration {
    let name = "CreateAttestationResult"

    func prepare(on database: any Database) async throws {
        try await database.schema(AttestationResult.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("curriculum_item_id", .uuid, .required, .references("curriculum_items", "id"))
            .field("academic_year_id", .uuid, .required, .references("academic_years", "id"))
            .field("form", .string, .required)
            .field("value", .string, .required)
            .field("date", .string, .required)
            .field("recorded_by", .uuid)
            .unique(on: "pupil_id", "curriculum_item_id", "academic_year_id")
            .create()
        try await database.createIndex("idx_attestation_results_curriculum_item_id", on: AttestationResult.schema, "curriculum_item_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AttestationResult.schema).delete()
    }
}
