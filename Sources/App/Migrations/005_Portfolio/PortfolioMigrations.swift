import Fluent
import SQLKit

/// 4.9: the family decides per item whether it is shown beyond the school staff; an award names its order.
/// SQLite adds one column per statement, so each column is its own alteration.
struct UpdatePortfolioItemsAddShared: AsyncMigration {
    let name = "UpdatePortfolioItemsAddShared"

    func prepare(on database: any Database) async throws {
        for schema in [Achievement.schema, Award.schema, PortfolioArtefact.schema] {
            try await database.schema(schema).field("shared", .bool, .required, .sql(.default(false))).update()
        }
        try await database.schema(Award.schema).field("order_number", .string).update()
        try await database.schema(Award.schema).field("order_date", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Award.schema).deleteField("order_date").update()
        try await database.schema(Award.schema).deleteField("order_number").update()
        for schema in [Achievement.schema, Award.schema, PortfolioArtefact.schema] {
            try await database.schema(schema).deleteField("shared").update()
        }
    }
}

struct CreateShareLink: AsyncMigration {
    let name = "CreateShareLink"

    func prepare(on database: any Database) async throws {
        try await database.schema(ShareLink.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("pupil_id", .uuid, .required, .references("pupils", "id"))
            .field("token_hash", .string, .required)
            .field("expires_on", .string, .required)
            .field("include_results", .bool, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.createIndex("idx_share_links_pupil_id", on: ShareLink.schema, "pupil_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ShareLink.schema).delete()
    }
}

struct CreateRouteStep: AsyncMigration {
    let name = "CreateRouteStep"

    func prepare(on database: any Database) async throws {
        try await database.schema(RouteStep.schema)
            .id()
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("route_id", .uuid, .required, .references("individual_routes", "id"))
            .field("title", .string, .required)
            .field("responsible", .string, .required)
            .field("starts_on", .string)
            .field("due_on", .string)
            .field("done_on", .string)
            .field("outcome", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("idx_route_steps_route_id", on: RouteStep.schema, "route_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RouteStep.schema).delete()
    }
}
