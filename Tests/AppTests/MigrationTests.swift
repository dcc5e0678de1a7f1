@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

@Suite struct MigrationTests {
    func tableNames(_ app: Application) async throws -> Set<String> {
        let sql = app.db as! any SQLDatabase
        struct Row: Decodable { let name: String }
        if app.kopilkaConfig.databaseKind == .sqlite {
            return Set(try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all(decoding: Row.self).map(\.name))
        }
        return Set(try await sql.raw("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'")
            .all(decoding: Row.self).map(\.name))
    }

    func columns(_ app: Application, _ table: String) async throws -> Set<String> {
        let sql = app.db as! any SQLDatabase
        struct Row: Decodable { let name: String }
        if app.kopilkaConfig.databaseKind == .sqlite {
            return Set(try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all(decoding: Row.self).map(\.name))
        }
        return Set(try await sql.raw("SELECT column_name AS name FROM information_schema.columns WHERE table_name = \(bind: table)")
            .all(decoding: Row.self).map(\.name))
    }

    @Test func migratesTheWholeModelAndRevertsIt() async throws {
        try await withKopilka(migrated: false) { app in
            try await app.autoMigrate()
            let tables = try await tableNames(app)
            for table in Migrations.tables {
                #expect(tables.contains(table), "missing table \(table)")
            }
            #expect(Migrations.tables.count >= 44)
            try await app.autoRevert()
            let after = try await tableNames(app)
            for table in Migrations.tables {
                #expect(!after.contains(table), "table \(table) left after revert")
            }
            try await app.autoMigrate()
            #expect(try await tableNames(app).isSuperset(of: Migrations.tables))
        }
    }

    @Test func everyTableCarriesSchoolID() async throws {
        try await withKopilka { app in
            for table in Migrations.tables where table != School.schema {
                let cols = try await columns(app, table)
                #expect(cols.contains("school_id"), "\(table) has no school_id")
            }
        }
    }

    @Test func migrationNamesAreExplicitAndUnique() {
        let names = Migrations.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { !$0.contains(".") || $0.hasPrefix("Fluent.") })
    }

    @Test func pupilAndClassReadsUseIndexes() async throws {
        try await withKopilka { app in
            let sql = app.db as! any SQLDatabase
            struct Row: Decodable { let name: String }
            let indexes: Set<String>
            if app.kopilkaConfig.databaseKind == .sqlite {
                indexes = Set(try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'index'").all(decoding: Row.self).map(\.name))
            } else {
                indexes = Set(try await sql.raw("SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public'").all(decoding: Row.self).map(\.name))
            }
            for name in ["idx_mark_events_pupil_id_curriculum_item_id_date", "idx_enrolments_pupil_id_starts_on",
                         "idx_enrolments_class_group_id_pupil_id", "idx_guardian_links_user_id", "idx_lessons_curriculum_item_id_date",
                         "idx_role_assignments_user_id", "idx_audit_events_pupil_id_at"] {
                #expect(indexes.contains(name), "missing index \(name)")
            }
        }
    }
}
