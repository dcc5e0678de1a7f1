import Fluent

struct CreateVocabularyEntry: AsyncMigration {
    let name = "CreateVocabularyEntry"

    func prepare(on database: any Database) async throws {
        try await database.schema(VocabularyEntry.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("vocabulary", .string, .required)
            .field("code", .string, .required)
            .field("title_ru", .string, .required)
            .field("title_en", .string, .required)
            .field("sort", .int, .required)
            .field("active", .bool, .required)
            .unique(on: "school_id", "vocabulary", "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(VocabularyEntry.schema).delete()
    }
}
