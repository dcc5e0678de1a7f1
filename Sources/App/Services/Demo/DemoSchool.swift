import Domain
import Fluent
import Foundation
import SQLKit

/// The demo school «МБОУ НШДС №16»: classes 1А…4Б, about 25 pupils each, staff, parents, clubs, marks from 1 September to today.
/// Deterministic: the same date gives the same school.
enum DemoSchool {
    static let schoolID = UUID(uuidString: "00000000-0000-4000-8000-000000000016")!
    static let password = "demo"

    /// The fixed demo logins (all with password `demo`), printed when the demo starts and listed in the README.
    static let logins: [(login: String, who: String)] = [
        ("admin", "администратор школы"),
        ("director", "директор"),
        ("zavuch", "заместитель директора по УВР"),
        ("teacher", "классный руководитель 2А"),
        ("parent", "родитель двоих детей (2А и 4Б)"),
        ("pupil", "ученик 2А (ребёнок parent), только просмотр"),
    ]

    struct Summary: Sendable {
        var classes = 0
        var pupils = 0
        var users = 0
        var lessons = 0
        var marks = 0
    }

    static func exists(on db: any Database) async throws -> Bool {
        try await School.find(schoolID, on: db) != nil
    }

    /// Deletes every row of the demo school, table by table in reverse creation order.
    static func remove(on db: any Database) async throws {
        try await db.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            for table in Migrations.tables.reversed() where table != School.schema {
                try await sql.delete(from: table).where("school_id", .equal, SQLBind(schoolID)).run()
            }
            try await sql.delete(from: School.schema).where("id", .equal, SQLBind(schoolID)).run()
        }
    }

    /// Creates the demo school in one transaction; `passwordHash` is the bcrypt hash of `demo`, computed once.
    /// Files (a scanned diploma) go into `blobs`.
    static func create(on db: any Database, today: LocalDate, passwordHash: String, blobs: BlobStore) async throws -> Summary {
        try await db.writeTransaction { tx in
            var builder = DemoBuilder(db: tx, today: today, passwordHash: passwordHash, blobs: blobs)
            try await builder.build()
            return builder.summary
        }
    }
}
