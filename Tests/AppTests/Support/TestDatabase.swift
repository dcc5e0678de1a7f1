@testable import App
import Domain
import FluentPostgresDriver
import Foundation
import SQLKit
import Vapor

/// Which database the suite runs on: SQLite by default; PostgreSQL when `KOPILKA_TEST_POSTGRES_URL`
/// names a server (an admin URL whose user may create databases). `make test` runs both.
enum TestBackend {
    static var postgresAdminURL: String? {
        let url = ProcessInfo.processInfo.environment["KOPILKA_TEST_POSTGRES_URL"]
        return url?.isEmpty == false ? url : nil
    }
    static var kind: AppConfig.DatabaseKind { postgresAdminURL == nil ? .sqlite : .postgresql }

    /// The date the demo is built for in tests, so counts do not depend on the day the suite runs.
    static let demoToday = LocalDate(year: 2026, month: 11, day: 20)!
}

/// Every test gets its own database, copied from a template that is migrated (and seeded) once per run.
actor TestDatabases {
    static let shared = TestDatabases()

    private var templates: [Bool: Task<String, any Error>] = [:]
    /// Unique per run: a process id alone is reused, and a leftover seeded template would be seeded twice.
    private let root = FileManager.default.temporaryDirectory
        .appendingPathComponent("kopilka-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))").path

    init() { Self.removeStaleRuns() }

    /// Removes what runs that ended more than a day ago left in the temporary directory.
    private static func removeStaleRuns() {
        let tmp = FileManager.default.temporaryDirectory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: tmp.path) else { return }
        let dayAgo = Date().addingTimeInterval(-86_400)
        for name in names where name.hasPrefix("kopilka-tests-") {
            let path = tmp.appendingPathComponent(name).path
            if let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
               modified < dayAgo {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }

    /// A configuration pointing at a fresh database; with `demo`, one that already holds the demo school.
    func fresh(demo: Bool, migrated: Bool = true) async throws -> (AppConfig, cleanup: @Sendable () async -> Void) {
        let dir = root + "/" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // The demo's files (a scanned diploma) come with its database.
        let blobs = root + "/tpl-\(demo ? "demo" : "empty")/blobs"
        if migrated, demo { _ = try await template(demo: demo) }
        if migrated, FileManager.default.fileExists(atPath: blobs) { try FileManager.default.copyItem(atPath: blobs, toPath: dir + "/blobs") }
        if let admin = TestBackend.postgresAdminURL {
            let name = "kt_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            if migrated {
                let template = try await template(demo: demo)
                try await Self.admin(admin, "CREATE DATABASE \(name) TEMPLATE \(template)")
            } else {
                try await Self.admin(admin, "CREATE DATABASE \(name)")
            }
            let config = AppConfig.forTests(dataDirectory: dir, databaseURL: Self.url(admin, database: name))
            return (config, {
                try? await Self.admin(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                try? FileManager.default.removeItem(atPath: dir)
            })
        }
        let config = AppConfig.forTests(dataDirectory: dir)
        if migrated {
            let template = try await template(demo: demo)
            try FileManager.default.copyItem(atPath: template, toPath: config.sqlitePath)
        }
        return (config, { try? FileManager.default.removeItem(atPath: dir) })
    }

    private func template(demo: Bool) async throws -> String {
        if let task = templates[demo] { return try await task.value }
        let task = Task { try await Self.build(demo: demo, root: root) }
        templates[demo] = task
        return try await task.value
    }

    /// Migrates (and seeds) a template database; returns its name (PostgreSQL) or file path (SQLite).
    private static func build(demo: Bool, root: String) async throws -> String {
        let suffix = demo ? "demo" : "empty"
        try? FileManager.default.removeItem(atPath: root + "/tpl-\(suffix)")
        let config: AppConfig
        let result: String
        if let admin = TestBackend.postgresAdminURL {
            let name = "kopilka_tpl_\(ProcessInfo.processInfo.processIdentifier)_\(suffix)"
            try await Self.admin(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            try await Self.admin(admin, "CREATE DATABASE \(name)")
            config = AppConfig.forTests(dataDirectory: root + "/tpl-\(suffix)", databaseURL: url(admin, database: name))
            result = name
        } else {
            config = AppConfig.forTests(dataDirectory: root + "/tpl-\(suffix)")
            result = config.sqlitePath
        }
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config: config)
            try await app.autoMigrate()
            if demo {
                let hash = try await app.password.async.hash(DemoSchool.password)
                _ = try await DemoSchool.create(on: app.db, today: TestBackend.demoToday, passwordHash: hash, blobs: app.blobs)
            }
            if config.databaseKind == .sqlite, let sql = app.db as? any SQLDatabase {
                try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        return result
    }

    static func url(_ admin: String, database: String) -> String {
        var parts = URLComponents(string: admin)!
        parts.path = "/" + database
        return parts.string!
    }

    /// Runs one statement on the server's maintenance database.
    static func admin(_ adminURL: String, _ statement: String) async throws {
        var config = try SQLPostgresConfiguration(url: adminURL)
        config.coreConfiguration.tls = .disable
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: config.coreConfiguration, id: 1,
            logger: Logger(label: "kopilka.tests.admin"))
        do {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Logger(label: "kopilka.tests.admin"))
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// Makes, configures and (by default) migrates an app on its own database, runs `test`, shuts down.
func withKopilka<T>(demo: Bool = false, migrated: Bool = true, adjust: (inout AppConfig) -> Void = { _ in },
                   _ test: (Application) async throws -> T) async throws -> T {
    var (config, cleanup) = try await TestDatabases.shared.fresh(demo: demo, migrated: migrated)
    adjust(&config)
    let app = try await Application.make(.testing)
    let result: T
    do {
        try await configure(app, config: config)
        result = try await test(app)
    } catch {
        await stopServerIfStarted(app)
        try? await app.asyncShutdown()
        await cleanup()
        throw error
    }
    await stopServerIfStarted(app)
    try await app.asyncShutdown()
    await cleanup()
    return result
}

extension AppConfig {
    /// Test databases hash passwords at bcrypt's minimum cost: the same code path, a fraction of the time.
    static func forTests(dataDirectory: String, databaseURL: String? = nil) -> AppConfig {
        var c = AppConfig(dataDirectory: dataDirectory, databaseURL: databaseURL)
        c.bcryptCost = 4
        return c
    }
}
