import Fluent

/// The browser an attempt came from (the hash of its long-lived device cookie): a browser that has signed in as a
/// login before is not held back by that login's failures (issue 16).
struct UpdateSignInAttemptsAddDevice: AsyncMigration {
    let name = "UpdateSignInAttemptsAddDevice"

    func prepare(on database: any Database) async throws {
        try await database.schema(SignInAttempt.schema).field("device", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SignInAttempt.schema).deleteField("device").update()
    }
}
