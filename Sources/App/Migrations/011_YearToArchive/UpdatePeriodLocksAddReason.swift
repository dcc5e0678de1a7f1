import Fluent

/// Why a period was closed before its last day (issue 17): the head or the deputy head states it, the lock keeps it.
struct UpdatePeriodLocksAddReason: AsyncMigration {
    let name = "UpdatePeriodLocksAddReason"

    func prepare(on database: any Database) async throws {
        try await database.schema(PeriodLock.schema).field("reason", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PeriodLock.schema).deleteField("reason").update()
    }
}
