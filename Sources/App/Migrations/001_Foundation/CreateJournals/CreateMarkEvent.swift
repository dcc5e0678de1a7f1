import Fluent

struct CreateMarkEvent: AsyncMigration {
    let name = "CreateMarkEvent"

    func prepare(on database: any Database) async throws {
        try await database.schema(MarkEvent.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("lesson_id", .uuid, .required, .references("lessons", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("curriculum_item_id", .uuid, .references("curriculum_items", "id"))
            .field("date", .string, .required)
            .field("action", .string, .required)
            .field("value", .string)
            .field("verbal", .string)
            .field("mark_scale_id", .uuid, .references("mark_scales", "id"))
            .field("weight", .double, .required)
            .field("work_type_id", .uuid, .references("work_types", "id"))
            .field("source", .string, .required)
            .field("author_id", .uuid, .required, .references("users", "id"))
            .field("recorded_at", .datetime, .required)
            .field("reason", .string)
            .create()
        try await database.createIndex("idx_mark_events_pupil_id_curriculum_item_id_date", on: MarkEvent.schema, "pupil_id", "curriculum_item_id", "date")
        try await database.createIndex("idx_mark_events_lesson_id_pupil_id", on: MarkEvent.schema, "lesson_id", "pupil_id")
        try await database.createIndex("idx_mark_events_curriculum_item_id_date", on: MarkEvent.schema, "curriculum_item_id", "date")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MarkEvent.schema).delete()
    }
}
