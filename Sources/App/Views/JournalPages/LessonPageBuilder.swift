import Domain
import Fluent
import Vapor

enum LessonPageBuilder {
    static func build(req: Request, actor: CurrentActor, journal j: JournalContext, lesson: Lesson,
                      errors: [String: String], values: [String: String]) async throws -> LessonPage {
        let pupils = try await JournalQueries.pupils(on: req.db, j, from: lesson.date, to: lesson.date)
        let cells = try await JournalQueries.cells(on: req.db, schoolID: j.schoolID, lessonIDs: [lesson.id!])
        let events = try await MarkEvent.query(on: req.db).filter(\.$lesson.$id == lesson.id!).sort(\.$recordedAt).all()
        let authors = Dictionary(uniqueKeysWithValues: try await User.query(on: req.db)
            .filter(\.$id ~~ Array(Set(events.map(\.authorID)))).all().map { ($0.id!, $0.name.short) })
        let byPupil = Dictionary(grouping: events, by: { $0.$pupil.id })
        let rows = pupils.map { p -> LessonPage.Row in
            let id = p.pupil.id!.uuidString.lowercased()
            let history = (byPupil[p.pupil.id!] ?? []).map { e in
                LessonPage.HistoryRow(when: SchoolTime.dateTime(e.recordedAt, in: actor.timeZone),
                                      what: e.action == .delete ? req.t("journal.history.deleted") : (e.value ?? e.verbal ?? ""),
                                      who: authors[e.authorID] ?? "—", reason: e.reason ?? "")
            }
            return LessonPage.Row(pupil: id, name: p.pupil.name.full,
                                  value: values[id] ?? JournalQueries.display(cells, lesson: lesson.id!, pupil: p.pupil.id!),
                                  error: errors[id], history: history)
        }
        let canWrite = actor.decide(.write(.marks), j.target).allowed
        // Every child on the page reaches their access log (one INSERT), whether the page is the form or its refusal.
        try await AuditLog.logReads(try req.audit, on: req.db, .read, objectKind: "lesson", objectID: lesson.id, pupilIDs: pupils.map { $0.pupil.id! })
        return LessonPage(page: try req.page(j.title, section: "journals"), title: j.title, date: lesson.date.russian, topic: lesson.topic,
                          back: j.ref.path, action: RouteTable.journalsLesson.path(lesson.id!), rows: rows,
                          canWrite: canWrite, saved: (try? req.query.get(Int.self, at: "saved")) == 1, hasErrors: !errors.isEmpty)
    }
}
