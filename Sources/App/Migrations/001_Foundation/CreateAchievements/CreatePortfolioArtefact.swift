import Fluent

struct CreatePortfolioArtefact: AsyncMigration {
    let name = "CreatePortfolioArtefact"

    func prepare(on database: any Database) async throws {
        try await database.schema(PortfolioArtefact.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("section", .string, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("attachment_id", .uuid, .references("attachments", "id"))
            .field("date", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("idx_portfolio_artefacts_pupil_id_date", on: PortfolioArtefact.schema, "pupil_id", "date")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PortfolioArtefact.schema).delete()
    }
}
