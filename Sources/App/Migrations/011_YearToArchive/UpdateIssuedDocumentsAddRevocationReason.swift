import Fluent

/// Why a справка was revoked (issue 17): asked when the head revokes, kept in the register, never on the public
/// verification page.
struct UpdateIssuedDocumentsAddRevocationReason: AsyncMigration {
    let name = "UpdateIssuedDocumentsAddRevocationReason"

    func prepare(on database: any Database) async throws {
        try await database.schema(IssuedDocument.schema).field("revocation_reason", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IssuedDocument.schema).deleteField("revocation_reason").update()
    }
}
