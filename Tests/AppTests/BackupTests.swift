@testable import App
import Domain
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// Backup and restore (issue 7), through the real binary, on the suite's database (SQLite or PostgreSQL).
@Suite struct BackupTests {
    typealias A = AchievementTests

    /// A digest of every row of a table, the same whatever the order rows were written in.
    static func digest(_ db: any Database, table: String) async throws -> String {
        let sql = db as! any SQLDatabase
        struct Text: Decodable { let t: String? }
        if sql.dialect.name == "postgresql" {
            return try await sql.raw("SELECT coalesce(string_agg(md5(x::text), ',' ORDER BY md5(x::text)), '') AS t FROM \(unsafeRaw: table) x")
                .first(decoding: Text.self)?.t ?? ""
        }
        struct Column: Decodable { let name: String }
        let columns = try await sql.raw("SELECT name FROM pragma_table_info('\(unsafeRaw: table)')").all(decoding: Column.self).map(\.name)
        let row = columns.map { "quote(\"\($0)\")" }.joined(separator: " || ',' || ")
        let rows = try await sql.raw("SELECT \(unsafeRaw: row) AS t FROM \(unsafeRaw: table)").all(decoding: Text.self).compactMap(\.t).sorted()
        return BlobStore.sha256(Data(rows.joined(separator: "\n").utf8))
    }

    static func digests(_ db: any Database) async throws -> [String: String] {
        var out: [String: String] = [:]
        for t in Migrations.tables { out[t] = try await digest(db, table: t) }
        return out
    }

    static func env(_ config: AppConfig) -> [String: String] {
        var env = ["KOPILKA_DATA_DIR": config.dataDirectory, "KOPILKA_BCRYPT_COST": "4"]
        if let url = config.databaseURL { env["DATABASE_URL"] = url }
        return env
    }

    /// An empty place to restore into: a new data directory, and for PostgreSQL a new empty database.
    static func emptyTarget() async throws -> (AppConfig, cleanup: () async -> Void) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-restore-\(UUID().uuidString)").path
        guard let admin = TestBackend.postgresAdminURL else {
            return (AppConfig.forTests(dataDirectory: dir), { try? FileManager.default.removeItem(atPath: dir) })
        }
        let name = "kr_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await TestDatabases.admin(admin, "CREATE DATABASE \(name)")
        return (AppConfig.forTests(dataDirectory: dir, databaseURL: TestDatabases.url(admin, database: name)), {
            try? await TestDatabases.admin(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            try? FileManager.default.removeItem(atPath: dir)
        })
    }

    @Test func aBackupRestoresToAnIdenticalSchoolTablesAndFiles() async throws {
        try await withKopilka(demo: true) { app in
            // A file of the school's own, beside the demo's.
            let pupil = try await A.ownPupil(app)
            let teacher = try await A.signedIn(app, "teacher")
            _ = try await teacher.get("/pupils/\(pupil.id!)/achievements/new")
            let posted = try await teacher.multipart("/pupils/\(pupil.id!)/achievements", fields: A.fields(title: "Архивный конкурс"),
                                            files: [("evidence", "скан.png", A.png)])
            #expect(posted.status == .seeOther, "\(teacher.body(posted))")
            // An integration's token, live when the copy is made.
            let token = try await APITests.token(app, "teacher")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-\(UUID().uuidString).zip").path
            defer { try? FileManager.default.removeItem(atPath: file) }
            // The server keeps serving while the backup runs in another process.
            let backup = try CommandLineTests().run(["backup", file], env: Self.env(app.kopilkaConfig))
            #expect(backup.code == 0, "\(backup.stderr)")
            let before = try await Self.digests(app.db)
            let blobsBefore = app.blobs.all()
            #expect(blobsBefore.count >= 2)

            let (target, cleanup) = try await Self.emptyTarget()
            let restore = try CommandLineTests().output(["restore", file], env: Self.env(target))
            #expect(restore.code == 0, "\(restore.stderr)")
            #expect(restore.stdout.contains("токенов API отозвано: 1"), "\(restore.stdout)")
            let restored = try await Application.make(.testing)
            do {
                try await configure(restored, config: target)
                let after = try await Self.digests(restored.db)
                // Everything as it was, but the credentials the copy carried: every session ended, every token revoked.
                for t in Migrations.tables where t != APIToken.schema { #expect(after[t] == before[t], "table \(t) differs after restore") }
                #expect(try await SessionRecord.query(on: app.db).count() > 0)
                #expect(try await SessionRecord.query(on: restored.db).count() == 0)
                let tokens = try await APIToken.query(on: restored.db).all()
                #expect(tokens.count == 1 && tokens.allSatisfy { $0.revokedAt != nil && $0.tokenHash == TokenHash.of(token) })
                #expect(restored.blobs.all() == blobsBefore)
                for sha in blobsBefore { #expect(BlobStore.sha256(try restored.blobs.get(sha)) == sha) }
                // The audit chain's checkpoints came with it, signed before the copy: the restored chain verifies.
                let checkpoints = AuditCheckpoints.read(AuditCheckpoints.path(target)).checkpoints
                #expect(!checkpoints.isEmpty)
                let verified = try await AuditLog.verify(on: restored.db, checkpoints: checkpoints)
                #expect(verified.intact && verified.checkpoints >= 1, "\(verified.breaks)")
                try await restored.asyncShutdown()
            } catch {
                try? await restored.asyncShutdown()
                await cleanup()
                throw error
            }
            // The server served on (a read after the backup writes only its audit event).
            #expect(try await teacher.get("/pupils/\(pupil.id!)/portfolio").status == .ok)
            // A second restore into the now full target is refused.
            let again = try CommandLineTests().run(["restore", file], env: Self.env(target))
            #expect(again.code == 1 && again.stderr.contains("только в пуст"))
            await cleanup()
        }
    }

    @Test func aCorruptedOrTruncatedBackupIsRefusedAndChangesNothing() async throws {
        try await withKopilka(demo: true) { app in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-\(UUID().uuidString).zip").path
            defer { try? FileManager.default.removeItem(atPath: file) }
            #expect(try CommandLineTests().run(["backup", file], env: Self.env(app.kopilkaConfig)).code == 0)
            let whole = try Data(contentsOf: URL(fileURLWithPath: file))
            // Truncated: half the archive.
            let truncated = file + ".half.zip"
            try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: truncated))
            defer { try? FileManager.default.removeItem(atPath: truncated) }
            // Corrupted: one byte of the demo's stored (uncompressed) diploma changed.
            let sha = app.blobs.all().first!
            let original = try app.blobs.get(sha)
            let at = try #require(whole.range(of: original))
            var flipped = whole
            flipped[at.lowerBound + original.count / 2] ^= 0xFF
            let corrupted = file + ".bad.zip"
            try flipped.write(to: URL(fileURLWithPath: corrupted))
            defer { try? FileManager.default.removeItem(atPath: corrupted) }
            for (bad, expected) in [(truncated, "повреж"), (corrupted, "повреж")] {
                let (target, cleanup) = try await Self.emptyTarget()
                let r = try CommandLineTests().run(["restore", bad], env: Self.env(target))
                #expect(r.code == 1)
                #expect(r.stderr.contains("ничего не изменено") && r.stderr.contains(expected), "\(r.stderr)")
                #expect(!FileManager.default.fileExists(atPath: target.sqlitePath))
                #expect(BlobStore(dataDirectory: target.dataDirectory).all().isEmpty)
                await cleanup()
            }
        }
    }

    @Test func aBackupKilledMidwayLeavesNoFileUnderItsName() async throws {
        try await withKopilka(demo: true) { app in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-\(UUID().uuidString).zip").path
            defer { try? FileManager.default.removeItem(atPath: file) }
            try await CommandLineTests.killMidway(["backup", file], config: app.kopilkaConfig, after: 0.15)
            // Either the backup finished whole before the kill, or nothing stands under its name.
            if FileManager.default.fileExists(atPath: file) {
                #expect(throws: Never.self) { _ = try Backup.verify(file) }
            }
            // The school is untouched and serves on.
            if app.kopilkaConfig.databaseKind == .sqlite, let sql = app.db as? any SQLDatabase {
                struct R: Decodable { let integrity_check: String }
                #expect(try await sql.raw("PRAGMA integrity_check").first(decoding: R.self)?.integrity_check == "ok")
            }
            #expect(try await Pupil.query(on: app.db).count() > 200)
        }
    }

    @Test func theNightlyScheduleFallsOnTheNextOccurrenceAndKeepsTheNewest() throws {
        let zone = TimeZone(identifier: "Europe/Moscow")!
        let f = ISO8601DateFormatter()
        // 20:00 UTC is 23:00 in Moscow: the next 03:00 is the following night.
        let now = f.date(from: "2026-11-29T20:00:00Z")!
        #expect(f.string(from: BackupSchedule.next(after: now, hour: 3, minute: 0, zone: zone)) == "2026-11-30T00:00:00Z")
        #expect(f.string(from: BackupSchedule.next(after: f.date(from: "2026-11-29T23:59:00Z")!, hour: 3, minute: 0, zone: zone)) == "2026-11-30T00:00:00Z")
        #expect(f.string(from: BackupSchedule.next(after: f.date(from: "2026-11-30T00:00:00Z")!, hour: 3, minute: 0, zone: zone)) == "2026-12-01T00:00:00Z")
        #expect(BackupSchedule.fileName(now, zone: zone) == "kopilka-2026-11-29-2300.zip")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-keep-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for d in 1...5 { FileManager.default.createFile(atPath: dir + "/kopilka-2026-11-0\(d)-0300.zip", contents: Data()) }
        FileManager.default.createFile(atPath: dir + "/notes.txt", contents: Data())
        BackupSchedule.prune(dir, keep: 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["kopilka-2026-11-04-0300.zip", "kopilka-2026-11-05-0300.zip", "notes.txt"])
        #expect(throws: ConfigError.self) { try AppConfig.fromEnvironment(["KOPILKA_BACKUP_AT": "25:00"]) }
        let c = try AppConfig.fromEnvironment(["KOPILKA_BACKUP_DIR": "/var/backups/kopilka", "KOPILKA_BACKUP_AT": "02:30", "KOPILKA_BACKUP_KEEP": "7"])
        #expect(c.backupDirectory == "/var/backups/kopilka" && c.backupHour == 2 && c.backupMinute == 30 && c.backupKeep == 7)
    }
}
