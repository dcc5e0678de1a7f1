import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The `import` benchmark's hooks: a generated e-journal export, the import itself, and the floor — the same rows
/// written with one prepared INSERT each, in one transaction.
extension BenchFixtures {
    /// Writes a CSV of `count` distinct marks for the demo school's pupils enrolled all year (grades 2–4, every
    /// subject, every day of the year, every work type), as an e-journal exports them. Returns the rows written.
    public static func writeMarksCSV(_ app: Application, path: String, count: Int) async throws -> Int {
        guard let year = try await AcademicYear.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).filter(\.$status == .open).first()
        else { throw Abort(.notFound, reason: "bench: no open year") }
        let classes = try await ClassGroup.query(on: app.db).filter(\.$academicYear.$id == year.id!).filter(\.$grade >= 2).all()
        var pupils: [(name: String, birth: String, cls: String, subjects: [String])] = []
        for c in classes {
            let subjects = try await CurriculumItem.query(on: app.db).filter(\.$classGroup.$id == c.id!).with(\.$subject).with(\.$markScale).all()
                .filter { $0.markScale.kind == .numeric }.map(\.subject.name)
            for e in try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == c.id!).filter(\.$endsOn == nil)
                .filter(\.$startsOn <= year.startsOn).with(\.$pupil).all() where !e.pupil.homeSchooled {
                pupils.append((e.pupil.name.full, e.pupil.birthDate.russian, c.title, subjects))
            }
        }
        let workTypes = try await WorkType.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).sort(\.$sort).all().map(\.title)
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw Abort(.internalServerError) }
        guard let out = FileHandle(forWritingAtPath: path) else { throw Abort(.internalServerError) }
        defer { try? out.close() }
        var buffer = "ФИО обучающегося;Дата рождения;Класс;Предмет;Дата;Оценка;Вид работы\n"
        var written = 0
        var day = year.startsOn
        outer: while day <= year.endsOn {
            for w in workTypes {
                for p in pupils {
                    for s in p.subjects {
                        buffer += "\(p.name);\(p.birth);\(p.cls);\(s);\(day.russian);\(["5", "4", "3", "2"][written % 4]);\(w)\n"
                        written += 1
                        if buffer.utf8.count > 1 << 20 { out.write(Data(buffer.utf8)); buffer = "" }
                        if written == count { break outer }
                    }
                }
            }
            day = day.adding(days: 1)
        }
        out.write(Data(buffer.utf8))
        return written
    }

    public struct ImportFigures: Sendable {
        public let rows: Int
        public let written: Int
        public let lessons: Int
        public let refused: Int
    }

    /// Checks and applies the file as `kopilka import marks` does, on behalf of the demo's deputy head.
    public static func importMarks(_ app: Application, path: String) async throws -> ImportFigures {
        guard let zavuch = try await User.query(on: app.db).filter(\.$login == "zavuch").first() else { throw Abort(.notFound) }
        let file = try MarkImportFile(path: path)
        let report = try await MarksImportService(db: app.db, schoolID: DemoSchool.schoolID, authorID: zavuch.id!)
            .run(file, mapping: MarksImport.guess(headers: file.headers), apply: true, validOnly: false)
        return ImportFigures(rows: report.rows, written: report.applied ? report.created + report.changed : 0,
                             lessons: report.lessonsCreated, refused: report.refused)
    }

    /// The rows an import wrote (its lessons and marks), to be written again by the floor.
    public struct FloorRows: Sendable {
        struct LessonRow: Decodable { let id, school_id, curriculum_item_id: UUID; let pupil_id, work_type_id, created_by: UUID?; let journal_kind, topic: String; let date: LocalDate; let hours: Double }
        struct MarkRow: Decodable {
            let id, school_id, lesson_id, pupil_id: UUID; let curriculum_item_id, mark_scale_id, work_type_id: UUID?
            let date: LocalDate; let action, source: String; let value, verbal, reason: String?; let weight: Double; let author_id: UUID; let recorded_at: Date
        }
        let lessons: [LessonRow]
        let marks: [MarkRow]
        public var count: Int { marks.count }
    }

    public static func importedRows(_ app: Application) async throws -> FloorRows {
        let sql = app.db as! any SQLDatabase
        let lessons = try await sql.raw("SELECT id, school_id, curriculum_item_id, pupil_id, work_type_id, created_by, journal_kind, topic, date, hours FROM lessons WHERE topic = \(bind: MarksImportService.reason)")
            .all(decoding: FloorRows.LessonRow.self)
        let marks = try await sql.raw("SELECT id, school_id, lesson_id, pupil_id, curriculum_item_id, mark_scale_id, work_type_id, date, action, source, value, verbal, reason, weight, author_id, recorded_at FROM mark_events WHERE source = 'external'")
            .all(decoding: FloorRows.MarkRow.self)
        return FloorRows(lessons: lessons, marks: marks)
    }

    /// The floor: the same lessons and marks, one prepared INSERT per row, all in one transaction.
    public static func insertPlain(_ app: Application, _ rows: FloorRows) async throws {
        try await app.db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            for l in rows.lessons {
                try await sql.raw("""
                    INSERT INTO lessons (id, school_id, journal_kind, curriculum_item_id, pupil_id, date, topic, work_type_id, hours, created_by, created_at) \
                    VALUES (\(bind: l.id), \(bind: l.school_id), \(bind: l.journal_kind), \(bind: l.curriculum_item_id), \(bind: l.pupil_id), \
                    \(bind: l.date), \(bind: l.topic), \(bind: l.work_type_id), \(bind: l.hours), \(bind: l.created_by), \(bind: Date()))
                    """).run()
            }
            for m in rows.marks {
                try await sql.raw("""
                    INSERT INTO mark_events (id, school_id, lesson_id, pupil_id, curriculum_item_id, date, action, value, verbal, mark_scale_id, \
                    weight, work_type_id, source, author_id, recorded_at, reason) \
                    VALUES (\(bind: m.id), \(bind: m.school_id), \(bind: m.lesson_id), \(bind: m.pupil_id), \(bind: m.curriculum_item_id), \
                    \(bind: m.date), \(bind: m.action), \(bind: m.value), \(bind: m.verbal), \(bind: m.mark_scale_id), \(bind: m.weight), \
                    \(bind: m.work_type_id), \(bind: m.source), \(bind: m.author_id), \(bind: m.recorded_at), \(bind: m.reason))
                    """).run()
            }
        }
    }
}
