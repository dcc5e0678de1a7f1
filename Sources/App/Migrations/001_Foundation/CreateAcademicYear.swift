import Fluent

struct CreateAcademicYear: AsyncMigration {
    let name = "CreateAcademicYear"

    func prepare(on database: any Database) async throws {
        try await database.schema(AcademicYear.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("title", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("status", .string, .required)
            .unique(on: "school_id", "title")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AcademicYear.schema).delete()
    }
}
