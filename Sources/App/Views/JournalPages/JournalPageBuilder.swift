import Domain
import Fluent
import Vapor

enum JournalPageBuilder {
    static func build(req: Request, actor: CurrentActor, journal j: JournalContext, period: Period, periods: [Period]) async throws -> JournalGridPage {
        let pupils = try await JournalQueries.pupils(on: req.db, j, from: period.startsOn, to: period.endsOn)
        let lessons = try await JournalQueries.lessons(on: req.db, j, from: period.startsOn, to: period.endsOn)
        let cells = try await JournalQueries.cells(on: req.db, schoolID: j.schoolID, lessonIDs: lessons.compactMap(\.id))
        let workTypes = try await WorkType.query(on: req.db).filter(\.$schoolID == j.schoolID).sort(\.$sort).all()
        let workTitle = Dictionary(uniqueKeysWithValues: workTypes.map { ($0.id!, $0.title) })
        var locked = false
        if let c = j.classGroupID {
            locked = try await PeriodLock.isLocked(on: req.db, classID: c, periodID: period.id!)
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
            periodID: period.id!.uuidString.lowercased(), periodTitle: period.title,
            periods: periods.map { .init(id: $0.id!.uuidString.lowercased(), title: $0.title, current: $0.id == period.id) },
            columns: columns, rowsHTML: JournalGridPage.rowsHTML(rows, canWrite: canWrite && !locked),
            pupilIDs: pupils.compactMap(\.pupil.id), canWrite: canWrite && !locked, locked: locked, gradeOne: j.grade == 1,
            verbalOnly: verbal, workTypes: workTypes.map { .init(id: $0.id!.uuidString, title: "\($0.title) (вес \(PeriodMarksFormat.weight($0.weight)))") },
            today: (period.startsOn <= actor.today && actor.today <= period.endsOn ? actor.today : period.startsOn).iso,
            scaleHint: hint, hasPeriodMarks: (j.kind == .classJournal || j.kind == .individual) && j.marksAllowed && j.scale.kind != .verbal,
            exportPath: j.ref.exportPath, periodMarksPath: j.ref.periodMarksPath ?? "", attestationPath: j.ref.attestationPath ?? "")
    }
}
