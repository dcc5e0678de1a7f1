import Fluent
import SQLKit
import Vapor

/// `GET /health`: the database answers and the schema is current.
struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.health, use: health)
    }

    struct Health: Content {
        let status: String
        let database: String
        let migrations: String
    }

    @Sendable func health(req: Request) async throws -> Response {
        let kind = req.application.kopilkaConfig.databaseKind.rawValue
        let migrations: String
        do {
            migrations = try await HealthController.migrationState(req.application)
        } catch {
            req.logger.error("health: database unreachable: \(String(reflecting: error))")
            return try await Health(status: "error", database: kind, migrations: "unknown")
                .encodeResponse(status: .serviceUnavailable, for: req)
        }
        let ok = migrations == "current"
        return try await Health(status: ok ? "ok" : "degraded", database: kind, migrations: migrations)
            .encodeResponse(status: ok ? .ok : .serviceUnavailable, for: req)
    }

    /// "current" once every migration has run; remembered after that, so the check stays one cheap query.
    static func migrationState(_ app: Application) async throws -> String {
        if app.storage[MigrationsCurrentKey.self] == true {
            guard let sql = app.db as? any SQLDatabase else { return "current" }
            try await sql.raw("SELECT 1").run()
            return "current"
        }
        let pending: Int
        do {
            pending = try await app.migrator.previewPrepareBatch().get().count
        } catch {
            // No migrations table yet: pending, if the database itself answers.
            if let sql = app.db as? any SQLDatabase { try await sql.raw("SELECT 1").run() }
            return "pending"
        }
        if pending == 0 {
            app.storage[MigrationsCurrentKey.self] = true
            return "current"
        }
        return "pending"
    }
}
