import Fluent

struct CreatePeriodMark: AsyncMigration {
    let name = "CreatePeriodMark"

    func prepare(on database: any Database) async throws {
        try await database.schema(PeriodMark.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("curriculum_item_id", .uuid, .required, .references("curriculum_items", "id"))
            .field("period_id", .uuid, .required, .references("periods", "id"))
            .field("proposed_value", .string)
            .field("proposed_mean", .double)
            .field("final_value", .string)
            .field("reason", .string)
            .field("status", .string, .required)
            .field("decided_by", .uuid)
            .field("decided_at", .datetime)
            .unique(on: "pupil_id", "curriculum_item_id", "period_id")
            .create()
        try await database.createIndex("idx_period_marks_curriculum_item_id_period_id", on: PeriodMark.schema, "curriculum_item_id", "period_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PeriodMark.schema).delete()
    }
}
