import Domain
import Fluent
import Vapor

/// The four journals (4.4–4.6): a grid of pupils × lessons with keyboard entry, a plain form per lesson
/// without JavaScript, lessons added by the teacher.
struct JournalController: RouteCollection {
    /// The three kinds of journal address; each route knows its kind, so nothing reads the path to tell them apart.
    enum Kind: Sendable { case classSubject, group, individual }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.journals, use: index)
        routes.get(.journalsClass) { try await grid(req: $0, ref: Self.ref($0, .classSubject)) }
        routes.post(.journalsClassLessons) { try await addLesson(req: $0, ref: Self.ref($0, .classSubject)) }
        routes.get(.journalsGroup) { try await grid(req: $0, ref: Self.ref($0, .group)) }
        routes.post(.journalsGroupLessons) { try await addLesson(req: $0, ref: Self.ref($0, .group)) }
        routes.get(.journalsIndividual) { try await grid(req: $0, ref: Self.ref($0, .individual)) }
        routes.post(.journalsIndividualLessons) { try await addLesson(req: $0, ref: Self.ref($0, .individual)) }
        routes.post(.journalsLessonsCells, use: saveCell)
        routes.get(.journalsLesson, use: lessonForm)
        routes.post(.journalsLesson, use: saveLesson)
    }

    // MARK: resolving a journal and checking access

    static func ref(_ req: Request, _ kind: Kind) -> JournalRef? {
        guard let id = req.parameters.get("journalID", as: UUID.self) else { return nil }
        switch kind {
        case .classSubject: return .classSubject(itemID: id)
        case .group: return .group(groupID: id)
        case .individual: return req.parameters.get("pupilID", as: UUID.self).map { .individual(itemID: id, pupilID: $0) }
        }
    }

    // MARK: the list of journals

    struct JournalLink: Encodable {
        let title: String
        let kind: String
        let href: String
    }

    @Sendable func index(req: Request) async throws -> View {
        let actor = try req.actor
        // A teacher's past classes' journals stay reachable by choosing the year (issue 17).
        let (years, chosen) = try await YearChoice.schoolYears(req, actor)
        let links = try await JournalQueries.available(on: req.db, actor: actor, year: chosen)
            .map { JournalLink(title: $0.title, kind: req.t($0.kindKey), href: $0.href) }
        struct Page: Encodable { let page: PageMeta; let journals: [JournalLink]; let yearChoice: YearChoice? }
        return try await req.view.render("journals/index", Page(
            page: req.page(req.t("journals.title"), section: "journals"), journals: links,
            yearChoice: chosen.map { YearChoice(years: years, chosen: $0, action: RouteTable.journals.path(), note: { req.t("classes.past_year", $0) }) }))
    }

    // MARK: the grid

    @Sendable func grid(req: Request, ref: JournalRef?) async throws -> View {
        let actor = try req.actor
        let j = try await JournalAccess.journal(req, ref)
        let periods = try await JournalQueries.periods(on: req.db, j)
        guard let period = Period.choose(periods, wanted: try? req.query.get(UUID.self, at: "period"), today: actor.today) else {
            throw Abort(.notFound)
        }
        let page = try await JournalPageBuilder.build(req: req, actor: actor, journal: j, period: period, periods: periods)
        // Each child on the page has the read in their own access log (one INSERT for the class).
        try await AuditLog.logReads(try req.audit, on: req.db, .read, objectKind: "journal", objectID: j.curriculumItemID ?? j.groupID,
                                    pupilIDs: page.pupilIDs)
        return try await req.view.render("journals/grid", page)
    }

    // MARK: lessons

    struct LessonForm: Content {
        var date: String?
        var topic: String?
        var work_type: String?
        var period: String?
    }

    @Sendable func addLesson(req: Request, ref: JournalRef?) async throws -> Response {
        let actor = try req.actor
        let j = try await JournalAccess.journal(req, ref)
        guard actor.decide(.write(.marks), j.target).allowed else { throw Abort(.forbidden) }
        let form = try req.content.decode(LessonForm.self)
        let back = j.ref.path + (form.period.flatMap(UUID.init(uuidString:)).map { "?period=\($0.uuidString.lowercased())" } ?? "")
        guard let date = form.date.flatMap(LocalDate.init) else {
            return try await failure(req, back: back, message: req.t("journal.error.date"))
        }
        let topic = (form.topic ?? "").trimmingCharacters(in: .whitespaces)
        guard !topic.isEmpty, topic.count <= 300 else { return try await failure(req, back: back, message: req.t("journal.error.topic")) }
        let workType = form.work_type.flatMap(UUID.init(uuidString:))
        if let workType, try await WorkType.query(on: req.db).filter(\.$id == workType).filter(\.$schoolID == actor.schoolID).count() == 0 {
            return try await failure(req, back: back, message: req.t("journal.error.work_type"))
        }
        let periods = try await JournalQueries.periods(on: req.db, j)
        let audit = try req.audit
        do {
            // One command: the rules decide on what is committed (the year, the locks, the day's lessons), under the
            // journal's lock, so identical submits at once make one lesson; the lesson and its event commit together.
            let location = try await OneTime.run(req, command: "lesson.add") { tx in
                try await tx.lock("lessons:\(j.ref.path):\(date.iso)")
                let year = try await AcademicYear.find(j.academicYearID, on: tx)
                let sameDay = try await JournalQueries.lessons(on: tx, j, from: date, to: date).map { (topic: $0.topic, workType: $0.$workType.id) }
                let spans = try await JournalQueries.periodSpans(on: tx, j, periods: periods)
                if let problem = LessonRules.check(date: date, topic: topic, workType: workType,
                                                   closedYear: year.flatMap { $0.status == .open ? nil : $0.title },
                                                   periods: spans, sameDay: sameDay) {
                    throw problem
                }
                let lesson = Lesson(id: UUID(), schoolID: actor.schoolID, journalKind: j.kind, curriculumItemID: j.curriculumItemID,
                                    programGroupID: j.groupID, pupilID: j.pupilID, date: date, topic: topic, workTypeID: workType,
                                    createdBy: actor.userID)
                try await lesson.create(on: tx)
                try await AuditLog.append(audit, on: tx, action: "create", objectKind: "lesson", objectID: lesson.id, pupilID: j.pupilID)
                return back
            }
            return req.redirect(to: location)
        } catch let problem as LessonProblem {
            return try await failure(req, back: back, message: Self.message(problem, req))
        }
    }

    static func message(_ p: LessonProblem, _ req: Request) -> String {
        switch p {
        case .yearClosed(let title): return req.t("journal.error.year_closed", title)
        case .outsidePeriod(let date): return MarkError.outsidePeriod(date: date).message
        case .periodLocked(let title): return MarkError.periodLocked(title: title).message
        case .duplicate(let date, let topic): return req.t("journal.error.duplicate", date.russian, topic)
        }
    }

    private func failure(_ req: Request, back: String, message: String) async throws -> Response {
        struct Page: Encodable { let page: PageMeta; let message: String; let back: String }
        return try await req.view.render("journals/error", Page(page: req.page(req.t("journal.error.title"), section: "journals"),
                                                                message: message, back: back))
            .encodeResponse(status: .unprocessableEntity, for: req)
    }

    // MARK: cells

    struct CellForm: Content {
        var pupil: UUID?
        var value: String?
        var reason: String?
        /// The grid's operation id: the same edit sent again (a retry after a lost answer) is applied once.
        var op: String?
    }

    struct CellError: Content {
        let error: String
        let needsReason: Bool
    }

    /// Saves one cell; JSON for the grid's script, a redirect back for a plain form.
    @Sendable func saveCell(req: Request) async throws -> Response {
        let actor = try req.actor
        let (lesson, j) = try await JournalAccess.lessonAndJournal(req)
        let form = try req.content.decode(CellForm.self)
        guard let pupilID = form.pupil else { throw Abort(.badRequest, reason: req.t("journal.error.pupil")) }
        let audit = try req.audit
        let op = form.op.flatMap { $0.isEmpty || $0.count > 64 ? nil : $0 }
        do {
            let (json, first) = try await OneTime.outcome(req, command: "cell:\(lesson.id!):\(pupilID)", token: op) { tx in
                let written = try await MarkEntry.write(on: tx, actor: actor, audit: audit, journal: j, lesson: lesson,
                                                        pupilID: pupilID, raw: form.value ?? "", reason: form.reason)
                return String(decoding: try JSONEncoder().encode(written), as: UTF8.self)
            }
            // An edit already applied (its answer was lost) writes nothing again; the cell shows what it holds now,
            // which may be a later edit of someone else's.
            let answer = first ? json : String(decoding: try JSONEncoder().encode(
                try await MarkEntry.written(on: req.db, schoolID: j.schoolID, lessonID: lesson.id!, pupilID: pupilID)), as: UTF8.self)
            let res = Response(status: .ok, body: .init(string: answer))
            res.headers.contentType = .json
            return res
        } catch MarkEntry.Failure.rule(let e) {
            return try await CellError(error: e.message, needsReason: e == .reasonRequired)
                .encodeResponse(status: .unprocessableEntity, for: req)
        } catch MarkEntry.Failure.forbidden {
            throw Abort(.forbidden)
        } catch MarkEntry.Failure.notFound {
            throw Abort(.notFound)
        }
    }

    // MARK: the plain form of one lesson (works without JavaScript)

    @Sendable func lessonForm(req: Request) async throws -> View {
        let actor = try req.actor
        let (lesson, j) = try await JournalAccess.lessonAndJournal(req)
        return try await req.view.render("journals/lesson", try await LessonPageBuilder.build(req: req, actor: actor, journal: j,
                                                                                                lesson: lesson, errors: [:], values: [:]))
    }

    /// All cells of a lesson in one transaction: either every cell is saved or none, with each refused cell named.
    @Sendable func saveLesson(req: Request) async throws -> Response {
        let actor = try req.actor
        let (lesson, j) = try await JournalAccess.lessonAndJournal(req)
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        let reason = form["reason"]
        var values: [UUID: String] = [:]
        for (k, v) in form where k.hasPrefix("cell_") {
            if let id = UUID(uuidString: String(k.dropFirst(5))) { values[id] = v }
        }
        let cells = try await JournalQueries.cells(on: req.db, schoolID: j.schoolID, lessonIDs: [lesson.id!])
        let audit = try req.audit
        let changed = values.filter { $0.value != JournalQueries.display(cells, lesson: lesson.id!, pupil: $0.key) }
            .sorted { $0.key.uuidString < $1.key.uuidString }
        do {
            try await req.db.writeTransaction { tx in
                var errors: [String: String] = [:]
                for (pupilID, value) in changed {
                    do {
                        _ = try await MarkEntry.write(on: tx, actor: actor, audit: audit, journal: j, lesson: lesson, pupilID: pupilID,
                                                      raw: value, reason: reason)
                    } catch MarkEntry.Failure.rule(let e) {
                        errors[pupilID.uuidString.lowercased()] = e.message
                    }
                }
                // One refused cell rolls the whole lesson back: nothing half-written.
                if !errors.isEmpty { throw CellErrors(errors: errors) }
            }
        } catch let refused as CellErrors {
            let shown = Dictionary(uniqueKeysWithValues: values.map { ($0.key.uuidString.lowercased(), $0.value) })
            return try await req.view.render("journals/lesson", try await LessonPageBuilder.build(
                req: req, actor: actor, journal: j, lesson: lesson, errors: refused.errors, values: shown))
                .encodeResponse(status: .unprocessableEntity, for: req)
        } catch MarkEntry.Failure.forbidden {
            throw Abort(.forbidden)
        } catch MarkEntry.Failure.notFound {
            throw Abort(.notFound)
        }
        return req.redirect(to: RouteTable.journalsLesson.path(lesson.id!) + "?saved=1")
    }
}
