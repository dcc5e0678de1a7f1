import Fluent
import SQLKit

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
