import Fluent
import Foundation
import SQLKit
import Vapor

/// The region generator of `kopilka-bench region` (PostgreSQL only): the demo school copied by SQL inside the
/// server, one `INSERT … SELECT … CROSS JOIN generate_series` per table for all copies at once. Every UUID column is
/// remapped by one function of (id, copy number), so references stay inside each copy; the text columns of unique
/// indexes that hold no UUID get the copy number appended. The demo school's mark events are multiplied
/// `markCopies` times (later corrections of the same cells) before it is copied, which scales the marks table
/// without changing what a page shows.
extension BenchFixtures {
    public struct RegionSize: Sendable {
        public let schools: Int
        public let pupils: Int
        public let marks: Int
        public let lessons: Int
    }

    /// Tables not copied: the audit chain (hashes cover the original ids) and sign-in attempts.
    static let regionSkipped: Set<String> = [AuditEvent.schema, SignInAttempt.schema]

    /// Adds copies `copies` of the demo school. Copy 0 is the demo school itself: a range from 0 first multiplies its
    /// own mark events `markCopies` times (call it so once, first); every copy replicates the demo school as it is.
    public static func cloneDemoSchool(_ app: Application, copies: ClosedRange<Int>, markCopies: Int) async throws {
        guard let sql = app.db as? any SQLDatabase, sql.dialect.name == "postgresql" else {
            throw Abort(.internalServerError, reason: "region: PostgreSQL only")
        }
        try await sql.raw("""
            CREATE OR REPLACE FUNCTION kb_remap(u uuid, k int) RETURNS uuid IMMUTABLE LANGUAGE sql AS
            $$ SELECT CASE WHEN u IS NULL OR k = 0 THEN u ELSE md5(u::text || ':' || k)::uuid END $$
            """).run()
        struct Column: Decodable { let table_name: String; let column_name: String; let data_type: String }
        let columns = try await sql.raw("""
            SELECT table_name, column_name, data_type FROM information_schema.columns
            WHERE table_schema = 'public' ORDER BY table_name, ordinal_position
            """).all(decoding: Column.self)
        struct UniqueText: Decodable { let table_name: String; let column_name: String }
        // Text columns of unique indexes without a uuid column among their keys.
        let uniqueText = try await sql.raw("""
            SELECT t.relname AS table_name, a.attname AS column_name
            FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)
            WHERE i.indisunique AND t.relnamespace = 'public'::regnamespace
              AND a.atttypid IN ('text'::regtype, 'varchar'::regtype)
              AND NOT EXISTS (SELECT 1 FROM pg_attribute b WHERE b.attrelid = t.oid AND b.attnum = ANY(i.indkey)
                              AND b.atttypid = 'uuid'::regtype)
            """).all(decoding: UniqueText.self)
        let suffixed = Set(uniqueText.map { "\($0.table_name).\($0.column_name)" })
        let byTable = Dictionary(grouping: columns, by: \.table_name)
        let school = DemoSchool.schoolID.uuidString.lowercased()
        try await app.db.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.raw("SET LOCAL session_replication_role = replica").run()  // copies arrive in any order
            for table in Migrations.tables where !regionSkipped.contains(table) {
                guard let cols = byTable[table] else { continue }
                let isMarks = table == MarkEvent.schema
                let names = cols.map { "\"\($0.column_name)\"" }.joined(separator: ", ")
                let values = cols.map { c -> String in
                    let name = "src.\"\(c.column_name)\""
                    if c.data_type == "uuid" {
                        return isMarks && c.column_name == "id" ? "md5(\(name)::text || ':' || g.k || ':' || r.n)::uuid" : "kb_remap(\(name), g.k)"
                    }
                    if suffixed.contains("\(table).\(c.column_name)") { return "\(name) || '-' || g.k" }
                    if isMarks && c.column_name == "recorded_at" { return "\(name) + r.n * interval '1 second'" }
                    return name
                }.joined(separator: ", ")
                let filter = table == School.schema ? "src.id = '\(school)'" : "src.school_id = '\(school)'"
                func insert(_ ks: ClosedRange<Int>, marks rs: ClosedRange<Int>) async throws {
                    let series = isMarks ? " CROSS JOIN generate_series(\(rs.lowerBound), \(rs.upperBound)) AS r(n)" : ""
                    try await sql.raw(SQLQueryString("INSERT INTO \"\(table)\" (\(names)) SELECT \(values) FROM \"\(table)\" src"
                        + " CROSS JOIN generate_series(\(ks.lowerBound), \(ks.upperBound)) AS g(k)\(series) WHERE \(filter)")).run()
                }
                // Copy 0 keeps its rows; its mark events gain the corrections. The copies replicate it as it is.
                if copies.lowerBound == 0 && isMarks && markCopies > 1 { try await insert(0...0, marks: 1...(markCopies - 1)) }
                let first = max(1, copies.lowerBound)
                if first <= copies.upperBound { try await insert(first...copies.upperBound, marks: 0...0) }
            }
        }
        try await sql.raw("ANALYZE").run()
    }

    /// What the database holds now.
    public static func regionSize(_ app: Application) async throws -> RegionSize {
        let sql = app.db as! any SQLDatabase
        struct N: Decodable { let n: Int }
        func count(_ table: String) async throws -> Int {
            try await sql.raw("SELECT count(*)::bigint AS n FROM \(ident: table)").first(decoding: N.self)?.n ?? 0
        }
        return RegionSize(schools: try await count(School.schema), pupils: try await count(Pupil.schema),
                          marks: try await count(MarkEvent.schema), lessons: try await count(Lesson.schema))
    }

    /// Runs EXPLAIN for a statement and returns the plan lines.
    public static func explain(_ app: Application, _ statement: String) async throws -> [String] {
        let sql = app.db as! any SQLDatabase
        struct Line: Decodable { let plan: String
            enum CodingKeys: String, CodingKey { case plan = "QUERY PLAN" } }
        return try await sql.raw(SQLQueryString("EXPLAIN " + statement)).all(decoding: Line.self).map(\.plan)
    }
}

extension BenchFixtures {
    /// Turns logging of every statement's plan (`auto_explain`, loaded by the bench's cluster) on or off.
    public static func autoExplain(_ app: Application, on: Bool) async throws {
        let sql = app.db as! any SQLDatabase
        try await sql.raw(SQLQueryString("ALTER SYSTEM SET auto_explain.log_min_duration = " + (on ? "0" : "-1"))).run()
        try await sql.raw("SELECT pg_reload_conf()").run()
        try await Task.sleep(nanoseconds: 300_000_000)
    }
}
