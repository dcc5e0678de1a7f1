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
