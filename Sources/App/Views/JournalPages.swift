import Domain
import Fluent
import Vapor

/// The context of the grid page: pupils × lessons of one period, with what each cell shows.
struct JournalGridPage: Encodable {
    struct Column: Encodable {
        let id: String
        let day: String
        let month: String
        let topic: String
        let work: String
        let href: String
    }
    struct Cell: Encodable {
        let lesson: String
        let value: String
        let history: Int
    }
    struct Row: Encodable {
        let pupil: String
        let number: Int
        let name: String
        let cells: [Cell]
    }
    struct PeriodOption: Encodable {
        let id: String
        let title: String
        let current: Bool
    }
    struct Option: Encodable {
        let id: String
        let title: String
    }

    let page: PageMeta
    let title: String
    let journalPath: String
    /// Where the lesson form posts (the route of this kind of journal).
    let lessonsAction: String
    /// The class journal's id for its period-mark, attestation and export links; empty for other journals.
    let journalID: String
    /// The cell-saving address from the route table, with `:lessonID` for the script to fill in.
    var cellsURL: String = RouteTable.journalsLessonsCells.rawValue
    let periodID: String
    let periodTitle: String
    let periods: [PeriodOption]
    let columns: [Column]
    /// The grid's body rows, rendered in Swift (`rowsHTML`): interpreting 26 × 30+ cells in Leaf was most of the
    /// page's cost. The markup is what the template rendered before, escaped the same way.
    let rowsHTML: String
    let canWrite: Bool
    let locked: Bool
    let gradeOne: Bool
    let verbalOnly: Bool
    let workTypes: [Option]
    let today: String
    let scaleHint: String
    let hasPeriodMarks: Bool
}

extension JournalGridPage {
    /// `<tr>` per pupil with an `<input>` per lesson, as `journals/grid.leaf` used to loop it.
    static func rowsHTML(_ rows: [Row], canWrite: Bool) -> String {
        var out = ""
        out.reserveCapacity(rows.count * (rows.first?.cells.count ?? 0) * 220 + 64)
        for r in rows {
            let name = html(r.name)
            out += "<tr data-pupil=\"\(html(r.pupil))\"><td class=\"num\">\(r.number)</td><td class=\"name\">\(name)</td>"
            for c in r.cells {
                let lesson = html(c.lesson)
                out += "<td><input class=\"cell\(c.history > 1 ? " changed" : "")\" data-lesson=\"\(lesson)\" value=\"\(html(c.value))\""
                out += " maxlength=\"500\" autocomplete=\"off\" aria-label=\"\(name), \(lesson)\"\(canWrite ? "" : " readonly")></td>"
            }
            out += "</tr>\n"
        }
        return out
    }

    /// Escapes text for HTML content and attribute values with LeafKit's own routine (what `#( )` uses).
    static func html(_ s: String) -> String {
        s.contains(where: { "&<>\"'".contains($0) }) ? s.htmlEscaped() : s
    }
}

enum JournalPageBuilder {
    static func build(req: Request, actor: CurrentActor, journal j: JournalContext, period: Period, periods: [Period]) async throws -> JournalGridPage {
        let pupils = try await JournalQueries.pupils(on: req.db, j, from: period.startsOn, to: period.endsOn)
        let lessons = try await JournalQueries.lessons(on: req.db, j, from: period.startsOn, to: period.endsOn)
        let cells = try await JournalQueries.cells(on: req.db, schoolID: j.schoolID, lessonIDs: lessons.compactMap(\.id))
        let workTypes = try await WorkType.query(on: req.db).filter(\.$schoolID == j.schoolID).sort(\.$sort).all()
        let workTitle = Dictionary(uniqueKeysWithValues: workTypes.map { ($0.id!, $0.title) })
        var locked = false
        if let c = j.classGroupID {
            locked = try await PeriodLock.query(on: req.db).filter(\.$period.$id == period.id!).filter(\.$classGroup.$id == c).count() > 0
        }
        let columns = lessons.map { l in
            JournalGridPage.Column(id: l.id!.uuidString.lowercased(), day: String(format: "%02d", l.date.day),
                                   month: String(format: "%02d", l.date.month), topic: l.topic,
                                   work: l.$workType.id.flatMap { workTitle[$0] } ?? "",
                                   href: RouteTable.journalsLesson.path(l.id!))
        }
        let rows = pupils.enumerated().map { i, p in
            JournalGridPage.Row(pupil: p.pupil.id!.uuidString.lowercased(), number: i + 1, name: p.pupil.name.short,
                                cells: lessons.map { l in
                                    JournalGridPage.Cell(lesson: l.id!.uuidString.lowercased(),
                                                         value: JournalQueries.display(cells, lesson: l.id!, pupil: p.pupil.id!),
                                                         history: cells.history[JournalQueries.Cells.key(l.id!, p.pupil.id!)] ?? 0)
                                })
        }
        let canWrite = actor.decide(.write(.marks), j.target).allowed
        let verbal = j.scale.kind == .verbal || !j.marksAllowed
        let hint = verbal ? req.t("journal.hint.verbal") : req.t("journal.hint.scale", j.scale.allowed.joined(separator: ", "))
        return JournalGridPage(
            page: try req.page(j.title, section: "journals"), title: j.title, journalPath: j.ref.path, lessonsAction: j.ref.lessonsPath,
            journalID: j.kind == .classJournal ? j.curriculumItemID?.uuidString.lowercased() ?? "" : "",
            periodID: period.id!.uuidString.lowercased(), periodTitle: period.title,
            periods: periods.map { .init(id: $0.id!.uuidString.lowercased(), title: $0.title, current: $0.id == period.id) },
            columns: columns, rowsHTML: JournalGridPage.rowsHTML(rows, canWrite: canWrite && !locked), canWrite: canWrite && !locked, locked: locked, gradeOne: j.grade == 1,
            verbalOnly: verbal, workTypes: workTypes.map { .init(id: $0.id!.uuidString, title: "\($0.title) (вес \(PeriodMarksFormat.weight($0.weight)))") },
            today: (period.startsOn <= actor.today && actor.today <= period.endsOn ? actor.today : period.startsOn).iso,
            scaleHint: hint, hasPeriodMarks: j.kind == .classJournal && j.marksAllowed && j.scale.kind != .verbal)
    }
}

enum PeriodMarksFormat {
    static func weight(_ w: Double) -> String { w == w.rounded() ? String(Int(w)) : String(w) }
}

/// The plain form of one lesson: every pupil with an input, for browsers without JavaScript.
struct LessonPage: Encodable {
    struct Row: Encodable {
        let pupil: String
        let name: String
        let value: String
        let error: String?
        let history: [HistoryRow]
    }
    struct HistoryRow: Encodable {
        let when: String
        let what: String
        let who: String
        let reason: String
    }
    let page: PageMeta
    let title: String
    let date: String
    let topic: String
    let back: String
    let action: String
    let rows: [Row]
    let canWrite: Bool
    let saved: Bool
    let hasErrors: Bool
}

enum LessonPageBuilder {
    static func build(req: Request, actor: CurrentActor, journal j: JournalContext, lesson: Lesson,
                      errors: [String: String], values: [String: String]) async throws -> LessonPage {
        let pupils = try await JournalQueries.pupils(on: req.db, j, from: lesson.date, to: lesson.date)
        let cells = try await JournalQueries.cells(on: req.db, schoolID: j.schoolID, lessonIDs: [lesson.id!])
        let events = try await MarkEvent.query(on: req.db).filter(\.$lesson.$id == lesson.id!).sort(\.$recordedAt).all()
        let authors = Dictionary(uniqueKeysWithValues: try await User.query(on: req.db)
            .filter(\.$id ~~ Array(Set(events.map(\.authorID)))).all().map { ($0.id!, $0.name.short) })
        let formatter = DateFormatter()
        formatter.timeZone = actor.timeZone
        formatter.dateFormat = "dd.MM.yyyy HH:mm"
        let byPupil = Dictionary(grouping: events, by: { $0.$pupil.id })
        let rows = pupils.map { p -> LessonPage.Row in
            let id = p.pupil.id!.uuidString.lowercased()
            let history = (byPupil[p.pupil.id!] ?? []).map { e in
                LessonPage.HistoryRow(when: formatter.string(from: e.recordedAt),
                                      what: e.action == .delete ? req.t("journal.history.deleted") : (e.value ?? e.verbal ?? ""),
                                      who: authors[e.authorID] ?? "—", reason: e.reason ?? "")
            }
            return LessonPage.Row(pupil: id, name: p.pupil.name.full,
                                  value: values[id] ?? JournalQueries.display(cells, lesson: lesson.id!, pupil: p.pupil.id!),
                                  error: errors[id], history: history)
        }
        let canWrite = actor.decide(.write(.marks), j.target).allowed
        return LessonPage(page: try req.page(j.title, section: "journals"), title: j.title, date: lesson.date.russian, topic: lesson.topic,
                          back: j.ref.path, action: RouteTable.journalsLesson.path(lesson.id!), rows: rows,
                          canWrite: canWrite, saved: (try? req.query.get(Int.self, at: "saved")) == 1, hasErrors: !errors.isEmpty)
    }
}
