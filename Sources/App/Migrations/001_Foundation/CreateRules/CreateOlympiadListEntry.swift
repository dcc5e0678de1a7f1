import Fluent

struct CreateOlympiadListEntry: AsyncMigration {
    let name = "CreateOlympiadListEntry"

    func prepare(on database: any Database) async throws {
        try await database.schema(OlympiadListEntry.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("academic_year_id", .uuid, .required, .references("academic_years", "id"))
            .field("number", .string, .required)
            .field("title", .string, .required)
            .field("profile", .string)
            .field("level", .string)
            .create()
        try await database.createIndex("idx_olympiad_list_entries_academic_year_id_title", on: OlympiadListEntry.schema, "academic_year_id", "title")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OlympiadListEntry.schema).delete()
    }
}
