import Fluent

struct CreateSchool: AsyncMigration {
    let name = "CreateSchool"

    func prepare(on database: any Database) async throws {
        try await database.schema(School.schema)
            .id()
            .field("name", .string, .required)
            .field("short_name", .string, .required)
            .field("address", .string, .required)
            .field("inn", .string, .required)
            .field("ogrn", .string, .required)
            .field("head_name", .string, .required)
            .field("time_zone", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(School.schema).delete()
    }
}
